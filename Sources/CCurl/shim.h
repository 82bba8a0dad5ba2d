// libcurl's public headers, plus typed wrappers (`ccurl_` prefix) for what Swift cannot
// import: the variadic curl_easy_setopt/curl_easy_getinfo and a few macros.
// Verified with Debian 12's libcurl4-openssl-dev 7.88.1.
#ifndef CCURL_SHIM_H
#define CCURL_SHIM_H

#include <curl/curl.h>

// curl_easy_setopt, one wrapper per argument type (https://curl.se/libcurl/c/curl_easy_setopt.html).
static inline CURLcode ccurl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode ccurl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}
/// libcurl copies the string (CURLOPTTYPE_STRINGPOINT) before returning.
static inline CURLcode ccurl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}
/// Not copied: `value` must outlive the transfer (CURLOPT_ERRORBUFFER, *DATA user pointers).
static inline CURLcode ccurl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}
/// Not copied: the list must outlive the transfer (CURLOPT_RESOLVE, CURLOPT_HTTPHEADER).
static inline CURLcode ccurl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}
/// CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION.
static inline CURLcode ccurl_easy_setopt_write_callback(CURL *handle, CURLoption option, curl_write_callback value) {
    return curl_easy_setopt(handle, option, value);
}
/// CURLOPT_XFERINFOFUNCTION.
static inline CURLcode ccurl_easy_setopt_xferinfo_callback(CURL *handle, curl_xferinfo_callback value) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, value);
}
/// CURLOPT_OPENSOCKETFUNCTION.
static inline CURLcode ccurl_easy_setopt_opensocket_callback(CURL *handle, curl_opensocket_callback value) {
    return curl_easy_setopt(handle, CURLOPT_OPENSOCKETFUNCTION, value);
}

// curl_easy_getinfo, one wrapper per result type (https://curl.se/libcurl/c/curl_easy_getinfo.html).
static inline CURLcode ccurl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}
static inline CURLcode ccurl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}
/// The string belongs to the handle: copy it before the next transfer or curl_easy_cleanup.
static inline CURLcode ccurl_easy_getinfo_string(CURL *handle, CURLINFO info, const char **value) {
    return curl_easy_getinfo(handle, info, value);
}

// Macros.
static inline long ccurl_global_default(void) { return CURL_GLOBAL_DEFAULT; }
static inline curl_socket_t ccurl_socket_bad(void) { return CURL_SOCKET_BAD; }
static inline size_t ccurl_error_size(void) { return CURL_ERROR_SIZE; }
static inline unsigned int ccurlu_default_port(void) { return CURLU_DEFAULT_PORT; }

#endif
