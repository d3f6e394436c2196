#include "net/trust_store.h"

#include <dirent.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <catch2/catch.hpp>

namespace fs = std::filesystem;
using dsasr::net::add_default_trust;
using dsasr::net::is_hashed_ca_dir;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "dsasr-trust-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// Sets or unsets an environment variable for one scope.
struct ScopedEnv {
  std::string name;
  std::optional<std::string> old;
  ScopedEnv(const char* n, const char* value) : name(n) {
    if (const char* v = std::getenv(n)) old = v;
    if (value) {
      ::setenv(n, value, 1);
    } else {
      ::unsetenv(n);
    }
  }
  ~ScopedEnv() {
    if (old) {
      ::setenv(name.c_str(), old->c_str(), 1);
    } else {
      ::unsetenv(name.c_str());
    }
  }
};

struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;

// A fresh self-signed certificate: trusted only if a store holds it.
X509Ptr make_self_signed(const char* cn) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  REQUIRE(key != nullptr);
  X509Ptr cert(X509_new());
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn),
                             -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  X509_set_pubkey(cert.get(), key);
  REQUIRE(X509_sign(cert.get(), key, EVP_sha256()) > 0);
  EVP_PKEY_free(key);
  return cert;
}

void write_pem(const X509* cert, const fs::path& path) {
  FILE* f = std::fopen(path.c_str(), "w");
  REQUIRE(f != nullptr);
  PEM_write_X509(f, cert);
  std::fclose(f);
}

// Writes cert into dir under its OpenSSL hash name, as `openssl rehash` would link it.
void write_hashed(X509* cert, const fs::path& dir) {
  char name[16];
  std::snprintf(name, sizeof name, "%08lx.0", X509_subject_name_hash(cert));
  write_pem(cert, dir / name);
}

// Verifies cert (a self-signed root) against a client SSL_CTX given add_default_trust().
// Returns the X509 verification error (X509_V_OK on success).
int verify_with_default_trust(X509* cert) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  REQUIRE(ctx != nullptr);
  CHECK(add_default_trust(ctx));
  X509_STORE_CTX* sctx = X509_STORE_CTX_new();
  X509_STORE_CTX_init(sctx, SSL_CTX_get_cert_store(ctx), cert, nullptr);
  X509_STORE_CTX_set_flags(sctx, X509_V_FLAG_NO_CHECK_TIME);  // a system root may be expired
  X509_verify_cert(sctx);
  int error = X509_STORE_CTX_get_error(sctx);
  X509_STORE_CTX_free(sctx);
  SSL_CTX_free(ctx);
  return error;
}

// How many certificates add_default_trust() put into a fresh store up front (the hashed
// directory lookups load theirs only when a verification needs them).
int preloaded_certificates() {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  REQUIRE(ctx != nullptr);
  CHECK(add_default_trust(ctx));
  int n = sk_X509_OBJECT_num(X509_STORE_get0_objects(SSL_CTX_get_cert_store(ctx)));
  SSL_CTX_free(ctx);
  return n;
}

}  // namespace

TEST_CASE("trust store: a hashed CA directory is recognised by its hash names", "[trust]") {
  TempDir d;
  CHECK_FALSE(is_hashed_ca_dir(d.path.string()));
  std::ofstream(d.path / "ca-certificates.crt") << "x";
  std::ofstream(d.path / "5615178d.x") << "x";
  CHECK_FALSE(is_hashed_ca_dir(d.path.string()));
  std::ofstream(d.path / "5615178d.0") << "x";
  CHECK(is_hashed_ca_dir(d.path.string()));
  CHECK_FALSE(is_hashed_ca_dir((d.path / "missing").string()));
}

TEST_CASE("trust store: SSL_CERT_FILE is trusted", "[trust]") {
  TempDir d;
  X509Ptr ca = make_self_signed("dsasr unit test CA (file)");
  write_pem(ca.get(), d.path / "ca.pem");
  {
    ScopedEnv file("SSL_CERT_FILE", (d.path / "ca.pem").c_str());
    ScopedEnv dir("SSL_CERT_DIR", (d.path / "empty").c_str());
    CHECK(verify_with_default_trust(ca.get()) == X509_V_OK);
    CHECK(preloaded_certificates() == 1);
  }
  ScopedEnv file("SSL_CERT_FILE", (d.path / "missing.pem").c_str());
  ScopedEnv dir("SSL_CERT_DIR", (d.path / "empty").c_str());
  CHECK(verify_with_default_trust(ca.get()) == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT);
}

TEST_CASE("trust store: SSL_CERT_DIR is looked up on demand, ':'-separated", "[trust]") {
  TempDir d;
  fs::create_directory(d.path / "hashed");
  X509Ptr ca = make_self_signed("dsasr unit test CA (dir)");
  write_hashed(ca.get(), d.path / "hashed");
  ScopedEnv file("SSL_CERT_FILE", (d.path / "missing.pem").c_str());
  std::string dirs = (d.path / "nothing-here").string() + ":" + (d.path / "hashed").string();
  ScopedEnv dir("SSL_CERT_DIR", dirs.c_str());
  CHECK(verify_with_default_trust(ca.get()) == X509_V_OK);
  // The file is read when verifying, not when the store is set up: a certificate added after
  // add_default_trust() is found too, which shows nothing was loaded up front.
  X509Ptr later = make_self_signed("dsasr unit test CA (added later)");
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  REQUIRE(add_default_trust(ctx));
  write_hashed(later.get(), d.path / "hashed");
  X509_STORE_CTX* sctx = X509_STORE_CTX_new();
  X509_STORE_CTX_init(sctx, SSL_CTX_get_cert_store(ctx), later.get(), nullptr);
  CHECK(X509_verify_cert(sctx) == 1);
  X509_STORE_CTX_free(sctx);
  SSL_CTX_free(ctx);
}

TEST_CASE("trust store: the system's roots are trusted without SSL_CERT_FILE/SSL_CERT_DIR",
          "[trust]") {
  ScopedEnv file("SSL_CERT_FILE", nullptr);
  ScopedEnv dir("SSL_CERT_DIR", nullptr);
  // Take one root from the system directory (any hash link) and check it verifies.
  std::string system_dir = X509_get_default_cert_dir();
  DIR* d = ::opendir(system_dir.c_str());
  if (!d || !is_hashed_ca_dir(system_dir)) {
    if (d) ::closedir(d);
    WARN("no hashed system CA directory at " << system_dir << "; nothing to check");
    return;
  }
  X509Ptr root;
  while (const dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name.size() < 10 || name[8] != '.') continue;
    FILE* f = std::fopen((system_dir + "/" + name).c_str(), "r");
    if (!f) continue;
    root.reset(PEM_read_X509(f, nullptr, nullptr, nullptr));
    std::fclose(f);
    if (root) break;
  }
  ::closedir(d);
  REQUIRE(root);
  CHECK(verify_with_default_trust(root.get()) == X509_V_OK);
  CHECK(preloaded_certificates() == 0);  // the bundle was not parsed
  {
    // SSL_CERT_FILE naming the default bundle (through a link, as many environments have it)
    // is the same trust, taken from the directory as well.
    TempDir links;
    fs::create_symlink(X509_get_default_cert_file(), links.path / "bundle.pem");
    ScopedEnv bundle("SSL_CERT_FILE", (links.path / "bundle.pem").c_str());
    CHECK(verify_with_default_trust(root.get()) == X509_V_OK);
    CHECK(preloaded_certificates() == 0);
  }
  // And a stranger is not trusted.
  X509Ptr stranger = make_self_signed("dsasr unit test stranger");
  CHECK(verify_with_default_trust(stranger.get()) == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT);
}
