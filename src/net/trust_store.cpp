#include "net/trust_store.h"

#include <dirent.h>

#include <cctype>
#include <cstdlib>
#include <cstring>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

namespace dsasr::net {

namespace {

// "<8 hex digits>.<digits>", the names c_rehash / openssl rehash give certificates.
bool is_hash_name(const char* name) {
  size_t len = std::strlen(name);
  if (len < 10 || name[8] != '.') return false;
  for (size_t i = 0; i < 8; ++i) {
    if (!std::isxdigit(static_cast<unsigned char>(name[i]))) return false;
  }
  for (size_t i = 9; i < len; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(name[i]))) return false;
  }
  return true;
}

const char* env_or_null(const char* name) {
  const char* value = std::getenv(name);
  return value && *value ? value : nullptr;
}

// Whether two paths name the same existing file (after following links).
bool same_file(const char* a, const char* b) {
  char* ra = ::realpath(a, nullptr);
  char* rb = ::realpath(b, nullptr);
  bool same = ra && rb && std::strcmp(ra, rb) == 0;
  std::free(ra);
  std::free(rb);
  return same;
}

}  // namespace

bool is_hashed_ca_dir(const std::string& dir) {
  DIR* d = ::opendir(dir.c_str());
  if (!d) return false;
  bool found = false;
  while (const dirent* entry = ::readdir(d)) {
    if (is_hash_name(entry->d_name)) {
      found = true;
      break;
    }
  }
  ::closedir(d);
  return found;
}

bool add_default_trust(ssl_ctx_st* ctx) {
  X509_STORE* store = SSL_CTX_get_cert_store(ctx);
  if (!store) return false;
  const std::string default_dir = X509_get_default_cert_dir();
  const char* env_file = env_or_null(X509_get_default_cert_file_env());  // SSL_CERT_FILE
  const char* env_dir = env_or_null(X509_get_default_cert_dir_env());    // SSL_CERT_DIR
  bool default_dir_added = false;

  // 1. The CA file. Failures are ignored like SSL_CTX_set_default_verify_paths() ignores them:
  // a missing file just trusts nothing from it. SSL_CERT_FILE naming the default file itself
  // (many environments export it so) is the default file.
  if (env_file && same_file(env_file, X509_get_default_cert_file())) env_file = nullptr;
  if (env_file) {
    X509_STORE_load_file(store, env_file);
  } else if (is_hashed_ca_dir(default_dir)) {
    X509_STORE_load_path(store, default_dir.c_str());
    default_dir_added = true;
  } else {
    X509_STORE_load_file(store, X509_get_default_cert_file());
  }
  // 2. The CA directories.
  if (env_dir) {
    X509_STORE_load_path(store, env_dir);
  } else if (!default_dir_added) {
    X509_STORE_load_path(store, default_dir.c_str());
  }
  ERR_clear_error();
  return true;
}

}  // namespace dsasr::net
