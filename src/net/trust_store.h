// The system trust store for TLS clients, without reading the whole CA bundle up front.
//
// OpenSSL's SSL_CTX_set_default_verify_paths() parses the default CA file (on Debian
// /usr/lib/ssl/cert.pem -> /etc/ssl/certs/ca-certificates.crt, ~140 certificates) into memory:
// about 240 M instructions and 1.4 MiB per process. The default CA directory holds the same
// certificates under hashed names (update-ca-certificates keeps both), from which OpenSSL
// loads only the issuers a handshake needs. add_default_trust() trusts what
// SSL_CTX_set_default_verify_paths() would, reading the directory instead of the file when the
// directory is hashed.
//
// Threading: plain functions; call them on the thread that owns the SSL_CTX.
#pragma once

#include <string>

struct ssl_ctx_st;  // OpenSSL's SSL_CTX

namespace dsasr::net {

// Adds to ctx's certificate store, in this order:
//   1. the file named by SSL_CERT_FILE if set (and not the default CA file itself), else the
//      default CA directory if it is hashed (standing in for the default CA file), else the
//      default CA file itself;
//   2. the directories named by SSL_CERT_DIR (':'-separated) if set, else the default CA
//      directory, as hashed-directory lookups.
// Missing files or directories are skipped silently, as OpenSSL's defaults are; the OpenSSL
// error queue is left empty. Returns false only if the store cannot be extended at all.
bool add_default_trust(ssl_ctx_st* ctx);

// True if `dir` contains at least one OpenSSL hash link ("0123abcd.0"). Reads the directory
// only up to the first such name.
bool is_hashed_ca_dir(const std::string& dir);

}  // namespace dsasr::net
