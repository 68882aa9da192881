#include "config.h"

#include <curl/curl.h>

#include "billcon/sync_version.h"

const char *
sync_curl_version(void)
{
	return curl_version_info(CURLVERSION_NOW)->version;
}
