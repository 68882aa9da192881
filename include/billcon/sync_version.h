/* sync_version: what the sync layer is built on, for `billcon info`. */
#ifndef BILLCON_SYNC_VERSION_H
#define BILLCON_SYNC_VERSION_H

/* The libcurl version string ("8.5.0"). */
const char *sync_curl_version(void);

#endif
