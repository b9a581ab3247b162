#ifndef MS_DEP_LIBWEBRTC_HPP
#define MS_DEP_LIBWEBRTC_HPP

class DepLibWebRTC
{
public:
	static void ClassInit();
	static void ClassDestroy();
};

#endif
