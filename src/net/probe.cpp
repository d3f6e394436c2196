#include "net/probe.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <memory>

#include "net/trust_store.h"
#include "version.h"

namespace dsasr::net {

namespace {

using Clock = std::chrono::steady_clock;

std::chrono::microseconds since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
}

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

struct SslDeleter {
  void operator()(SSL_CTX* c) const { SSL_CTX_free(c); }
  void operator()(SSL* s) const { SSL_free(s); }
  void operator()(X509* x) const { X509_free(x); }
};

std::string openssl_error() {
  const unsigned long e = ERR_get_error();
  ERR_clear_error();
  if (e == 0) return "the connection was closed during the handshake";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  return buf;
}

bool is_ip_literal(const std::string& host) {
  unsigned char buf[sizeof(in6_addr)];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

std::string base64(const unsigned char* data, int size) {
  std::string out(static_cast<std::size_t>(4 * ((size + 2) / 3)) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, size);
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// A connected stream: the socket, with TLS on top when there is one.
class Stream {
 public:
  explicit Stream(int fd) : fd_(fd) {}
  void set_tls(SSL* ssl) { ssl_ = ssl; }

  bool write_all(const std::string& data) {
    std::size_t done = 0;
    while (done < data.size()) {
      const std::size_t left = data.size() - done;
      long n = ssl_ ? SSL_write(ssl_, data.data() + done, static_cast<int>(left))
                    : ::send(fd_, data.data() + done, left, MSG_NOSIGNAL);
      if (n <= 0) return false;
      done += static_cast<std::size_t>(n);
    }
    return true;
  }
  // Up to `size` bytes; 0 at the end of the stream or on a timeout or error.
  std::size_t read_some(char* buf, std::size_t size) {
    long n = ssl_ ? SSL_read(ssl_, buf, static_cast<int>(size)) : ::recv(fd_, buf, size, 0);
    return n > 0 ? static_cast<std::size_t>(n) : 0;
  }

 private:
  int fd_;
  SSL* ssl_ = nullptr;
};

// Connects to one of the addresses within the timeout; fills `step`.
int connect_any(addrinfo* list, std::chrono::milliseconds timeout, ProbeStep& step) {
  std::string last_error = "no address to connect to";
  for (addrinfo* a = list; a; a = a->ai_next) {
    int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
    if (fd < 0) {
      last_error = std::strerror(errno);
      continue;
    }
    int rc = ::connect(fd, a->ai_addr, a->ai_addrlen);
    if (rc != 0 && errno == EINPROGRESS) {
      pollfd p{fd, POLLOUT, 0};
      rc = ::poll(&p, 1, static_cast<int>(timeout.count()));
      if (rc == 0) {
        last_error = "timed out after " + std::to_string(timeout.count() / 1000) + " s";
        ::close(fd);
        continue;
      }
      int err = 0;
      socklen_t len = sizeof err;
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
      rc = err == 0 ? 0 : -1;
      errno = err;
    }
    if (rc != 0) {
      last_error = std::strerror(errno);
      ::close(fd);
      continue;
    }
    char host[NI_MAXHOST], port[NI_MAXSERV];
    if (::getnameinfo(a->ai_addr, a->ai_addrlen, host, sizeof host, port, sizeof port,
                      NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
      step.detail = std::string(a->ai_family == AF_INET6 ? "[" : "") + host +
                    (a->ai_family == AF_INET6 ? "]" : "") + ":" + port;
    }
    // Blocking from here on, each read and write bounded by the timeout.
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    timeval tv{static_cast<time_t>(timeout.count() / 1000),
               static_cast<suseconds_t>((timeout.count() % 1000) * 1000)};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    step.ok = true;
    return fd;
  }
  step.detail = last_error;
  return -1;
}

void describe_certificate(SSL* ssl, ProbeResult& out) {
  std::unique_ptr<X509, SslDeleter> cert(SSL_get1_peer_certificate(ssl));
  if (!cert) return;
  const ASN1_TIME* not_after = X509_get0_notAfter(cert.get());
  std::tm tm{};
  if (ASN1_TIME_to_tm(not_after, &tm) == 1) {
    char date[32];
    std::strftime(date, sizeof date, "%Y-%m-%d", &tm);
    out.certificate_expiry = date;
  }
  int days = 0, seconds = 0;
  if (ASN1_TIME_diff(&days, &seconds, nullptr, not_after) == 1) out.certificate_days_left = days;
}

void tls_handshake(int fd, const Url& url, const ProbeOptions& options, ProbeResult& out,
                   std::unique_ptr<SSL_CTX, SslDeleter>& ctx,
                   std::unique_ptr<SSL, SslDeleter>& ssl) {
  ProbeStep& step = out.tls;
  step.attempted = true;
  const auto start = Clock::now();
  ERR_clear_error();
  ctx.reset(SSL_CTX_new(TLS_client_method()));
  if (!ctx) {
    step.detail = openssl_error();
    return;
  }
  if (!options.insecure) {
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
    add_default_trust(ctx.get());
    if (options.ca_file &&
        SSL_CTX_load_verify_locations(ctx.get(), options.ca_file->c_str(), nullptr) != 1) {
      step.detail = "cannot load --ca-file " + *options.ca_file + ": " + openssl_error();
      return;
    }
  }
  ssl.reset(SSL_new(ctx.get()));
  SSL_set_fd(ssl.get(), fd);
  if (is_ip_literal(url.host)) {
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl.get()), url.host.c_str());
  } else {
    SSL_set_tlsext_host_name(ssl.get(), url.host.c_str());
    SSL_set1_host(ssl.get(), url.host.c_str());
  }
  const int rc = SSL_connect(ssl.get());
  step.elapsed = since(start);
  if (rc != 1) {
    const long verify = SSL_get_verify_result(ssl.get());
    step.detail = verify != X509_V_OK ? std::string("certificate not trusted: ") +
                                            X509_verify_cert_error_string(verify)
                                      : openssl_error();
    return;
  }
  step.ok = true;
  out.certificate_verified = !options.insecure;
  describe_certificate(ssl.get(), out);
  step.detail = SSL_get_version(ssl.get());
}

void websocket_handshake(Stream& stream, const Url& url, const ProbeOptions& options,
                         ProbeResult& out) {
  ProbeStep& step = out.websocket;
  step.attempted = true;
  const auto start = Clock::now();
  unsigned char nonce[16];
  RAND_bytes(nonce, sizeof nonce);
  const std::string key = base64(nonce, sizeof nonce);
  std::string request = "GET " + url.path_query + " HTTP/1.1\r\nHost: " + url.host_header() +
                        "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        "Sec-WebSocket-Key: " +
                        key + "\r\nSec-WebSocket-Version: 13\r\nUser-Agent: dsasr/" + kVersion +
                        "\r\n";
  for (const auto& [name, value] : options.headers) request += name + ": " + value + "\r\n";
  request += "\r\n";
  if (!stream.write_all(request)) {
    step.elapsed = since(start);
    step.detail = "the connection closed while sending the upgrade request";
    return;
  }
  std::string response;
  char buf[4096];
  std::size_t header_end = std::string::npos;
  while (header_end == std::string::npos && response.size() < 16384) {
    const std::size_t n = stream.read_some(buf, sizeof buf);
    if (n == 0) break;
    response.append(buf, n);
    header_end = response.find("\r\n\r\n");
  }
  step.elapsed = since(start);
  if (header_end == std::string::npos) {
    step.detail = response.empty() ? "no answer to the upgrade request"
                                   : "an incomplete answer to the upgrade request";
    return;
  }
  // "HTTP/1.1 101 Switching Protocols"
  const std::string status_line = response.substr(0, response.find("\r\n"));
  const std::size_t sp = status_line.find(' ');
  if (sp == std::string::npos || status_line.compare(0, 5, "HTTP/") != 0) {
    step.detail = "not an HTTP answer";
    return;
  }
  out.http_status = std::atoi(status_line.c_str() + sp + 1);
  const std::size_t sp2 = status_line.find(' ', sp + 1);
  if (sp2 != std::string::npos) out.http_reason = status_line.substr(sp2 + 1);
  std::string lower = response.substr(0, header_end);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (out.http_status != 101) {
    out.http_body = response.substr(header_end + 4);
    // A short body (DashScope's JSON error) that came after the headers: read it only when the
    // headers announce one, so a body-less refusal on a kept-alive connection is not waited on.
    const std::size_t length_at = lower.find("\r\ncontent-length:");
    if (out.http_body.empty() && length_at != std::string::npos &&
        std::atol(lower.c_str() + length_at + 17) > 0) {
      const std::size_t n = stream.read_some(buf, sizeof buf);
      out.http_body.assign(buf, n);
    }
    if (out.http_body.size() > 4096) out.http_body.resize(4096);
    step.detail = "HTTP " + std::to_string(out.http_status) +
                  (out.http_reason.empty() ? "" : " " + out.http_reason);
    return;
  }
  // The server must prove it read this request: Sec-WebSocket-Accept (RFC 6455 §4.2.2).
  const std::string magic = key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(magic.data()), magic.size(), digest);
  const std::string accept = base64(digest, sizeof digest);
  if (lower.find("\r\nsec-websocket-accept: " + [&] {
        std::string a = accept;
        for (char& c : a) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return a;
      }()) == std::string::npos) {
    step.detail = "HTTP 101 without the right Sec-WebSocket-Accept";
    return;
  }
  step.ok = true;
  step.detail = "HTTP 101 " + out.http_reason;
  // Close politely: a masked close frame with status 1000.
  unsigned char mask[4];
  RAND_bytes(mask, sizeof mask);
  std::string close_frame = {'\x88', '\x82'};
  close_frame.append(reinterpret_cast<const char*>(mask), 4);
  close_frame += static_cast<char>(0x03 ^ mask[0]);
  close_frame += static_cast<char>(0xE8 ^ mask[1]);
  stream.write_all(close_frame);
}

}  // namespace

ProbeResult probe(const Url& url, const ProbeOptions& options) {
  ProbeResult out;

  // 1. DNS
  out.dns.attempted = true;
  auto start = Clock::now();
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* list = nullptr;
  const int gai = ::getaddrinfo(url.host.c_str(), std::to_string(url.port).c_str(), &hints, &list);
  out.dns.elapsed = since(start);
  if (gai != 0) {
    out.dns.detail = url.host + ": " + ::gai_strerror(gai);
    return out;
  }
  std::unique_ptr<addrinfo, void (*)(addrinfo*)> addresses(list, ::freeaddrinfo);
  int count = 0;
  for (addrinfo* a = list; a; a = a->ai_next) ++count;
  char first[NI_MAXHOST] = "?";
  ::getnameinfo(list->ai_addr, list->ai_addrlen, first, sizeof first, nullptr, 0, NI_NUMERICHOST);
  out.dns.ok = true;
  out.dns.detail = url.host + " -> " + first +
                   (count > 1 ? " (and " + std::to_string(count - 1) + " more)" : "");

  // 2. TCP
  out.tcp.attempted = true;
  start = Clock::now();
  Fd fd{connect_any(list, options.timeout, out.tcp)};
  out.tcp.elapsed = since(start);
  if (fd.fd < 0) return out;

  // 3. TLS
  Stream stream(fd.fd);
  std::unique_ptr<SSL_CTX, SslDeleter> ctx;
  std::unique_ptr<SSL, SslDeleter> ssl;
  if (url.tls) {
    tls_handshake(fd.fd, url, options, out, ctx, ssl);
    if (!out.tls.ok) return out;
    stream.set_tls(ssl.get());
  }

  // 4. The WebSocket handshake.
  websocket_handshake(stream, url, options, out);
  if (ssl) SSL_shutdown(ssl.get());
  return out;
}

}  // namespace dsasr::net
