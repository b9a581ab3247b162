#ifndef MS_RTC_BWE_TYPE_HPP
#define MS_RTC_BWE_TYPE_HPP

namespace RTC
{
	enum class BweType
	{
		TRANSPORT_CC = 1,
		REMB
	};
} // namespace RTC

#endif
