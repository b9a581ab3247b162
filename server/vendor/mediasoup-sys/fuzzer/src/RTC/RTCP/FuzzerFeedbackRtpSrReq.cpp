#include "RTC/RTCP/FuzzerFeedbackRtpSrReq.hpp"

void Fuzzer::RTC::RTCP::FeedbackRtpSrReq::Fuzz(::RTC::RTCP::FeedbackRtpSrReqPacket* packet)
{
	// packet->Dump();
}
