#ifndef MS_DEP_OPENSSL_HPP
#define MS_DEP_OPENSSL_HPP

class DepOpenSSL
{
public:
	static void ClassInit();
};

#endif
