// LoopbackServer implementation (see loopback_server.hpp): POSIX sockets, a thread per
// connection, OpenSSL for TLS with a certificate generated at start-up.
#include "loopback_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

namespace vigil::test {
namespace {

struct Cert {
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
  ~Cert() {
    X509_free(cert);
    EVP_PKEY_free(key);
  }
};

void add_ext(X509* cert, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (!ext) throw std::runtime_error("test cert: bad extension");
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

// A self-signed P-256 certificate for localhost / 127.0.0.1 / ::1, valid for a day.
std::unique_ptr<Cert> make_cert() {
  auto c = std::make_unique<Cert>();
  c->key = EVP_EC_gen("P-256");
  c->cert = X509_new();
  if (!c->key || !c->cert) throw std::runtime_error("test cert: out of memory");
  X509_set_version(c->cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(c->cert), static_cast<long>(std::rand() & 0x7fffffff) + 1);
  X509_gmtime_adj(X509_getm_notBefore(c->cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(c->cert), 86400);
  X509_set_pubkey(c->cert, c->key);
  X509_NAME* name = X509_get_subject_name(c->cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("vigil test"), -1, -1, 0);
  X509_set_issuer_name(c->cert, name);
  add_ext(c->cert, NID_basic_constraints, "critical,CA:TRUE");
  add_ext(c->cert, NID_key_usage, "critical,digitalSignature,keyCertSign");
  add_ext(c->cert, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1");
  if (!X509_sign(c->cert, c->key, EVP_sha256())) throw std::runtime_error("test cert: sign failed");
  return c;
}

std::string write_pem(X509* cert) {
  char path[] = "/tmp/vigil-test-ca-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) throw std::runtime_error("test cert: mkstemp failed");
  FILE* f = fdopen(fd, "w");
  PEM_write_X509(f, cert);
  std::fclose(f);
  return path;
}

std::string first_segment(const std::string& path) {
  const auto q = path.find_first_of("?");
  const auto p = path.substr(0, q);
  const auto slash = p.find('/', 1);
  return slash == std::string::npos ? p : p.substr(0, slash);
}

} // namespace

struct LoopbackServer::Impl {
  Options options;
  int listen_fd = -1;
  int port = 0;
  int wake[2] = {-1, -1};
  std::unique_ptr<Cert> served, trusted;
  SSL_CTX* ssl_ctx = nullptr;
  std::string ca_path;
  std::thread acceptor;
  std::atomic<bool> stopping{false};

  mutable std::mutex mutex;
  std::map<std::string, std::vector<Response>> routes;
  std::map<std::string, std::size_t> route_hits;
  Response fallback_response{404, {{"Content-Type", "text/plain"}}, "not found"};
  std::vector<Request> log;
  std::map<std::string, std::pair<std::size_t, std::size_t>> inflight; // prefix -> (now, peak)
  std::set<int> live_fds;
  std::vector<std::thread> workers;

  bool stopped() const { return stopping.load(); }

  // I/O over a plain or TLS connection.
  struct Conn {
    int fd;
    SSL* ssl;
    long read(char* buf, int n) { return ssl ? SSL_read(ssl, buf, n) : ::recv(fd, buf, n, 0); }
    bool write(const char* p, std::size_t n) {
      while (n) {
        const long w = ssl ? SSL_write(ssl, p, static_cast<int>(n)) : ::send(fd, p, n, MSG_NOSIGNAL);
        if (w <= 0) return false;
        p += w, n -= static_cast<std::size_t>(w);
      }
      return true;
    }
  };

  bool read_request(Conn& c, std::string& buffer, Request& req) {
    char chunk[4096];
    std::size_t head_end;
    while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
      if (buffer.size() > 64 * 1024) return false;
      const long n = c.read(chunk, sizeof chunk);
      if (n <= 0) return false;
      buffer.append(chunk, static_cast<std::size_t>(n));
    }
    const auto head = buffer.substr(0, head_end);
    buffer.erase(0, head_end + 4);
    const auto line_end = head.find("\r\n");
    const auto request_line = head.substr(0, line_end);
    const auto sp1 = request_line.find(' ');
    const auto sp2 = request_line.find(' ', sp1 + 1);
    if (sp1 == std::string::npos || sp2 == std::string::npos) return false;
    req.method = request_line.substr(0, sp1);
    req.target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
    std::size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
    while (pos < head.size()) {
      auto end = head.find("\r\n", pos);
      if (end == std::string::npos) end = head.size();
      const auto line = head.substr(pos, end - pos);
      const auto colon = line.find(':');
      if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        auto value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.erase(0, 1);
        req.headers[name] = value;
      }
      pos = end + 2;
    }
    std::size_t length = 0;
    if (auto it = req.headers.find("content-length"); it != req.headers.end())
      length = std::stoul(it->second);
    while (buffer.size() < length) {
      const long n = c.read(chunk, sizeof chunk);
      if (n <= 0) return false;
      buffer.append(chunk, static_cast<std::size_t>(n));
    }
    req.body = buffer.substr(0, length);
    buffer.erase(0, length);
    return true;
  }

  Response pick(const Request& req) {
    std::lock_guard lock(mutex);
    log.push_back(req);
    const auto path = req.target.substr(0, req.target.find('?'));
    const auto it = routes.find(path);
    if (it == routes.end() || it->second.empty()) return fallback_response;
    const auto n = route_hits[path]++;
    return it->second[std::min(n, it->second.size() - 1)];
  }

  void track(const std::string& target, int delta) {
    std::lock_guard lock(mutex);
    for (const auto& key : {std::string("/"), first_segment(target)}) {
      auto& [now, peak] = inflight[key];
      now = static_cast<std::size_t>(static_cast<long>(now) + delta);
      peak = std::max(peak, now);
    }
  }

  bool pause(std::chrono::milliseconds d) {
    const auto until = std::chrono::steady_clock::now() + d;
    while (std::chrono::steady_clock::now() < until) {
      if (stopped()) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return !stopped();
  }

  void serve(int fd) {
    SSL* ssl = nullptr;
    if (ssl_ctx) {
      ssl = SSL_new(ssl_ctx);
      SSL_set_fd(ssl, fd);
      if (SSL_accept(ssl) != 1) {
        SSL_free(ssl);
        finish(fd);
        return;
      }
    }
    Conn c{fd, ssl};
    std::string buffer;
    bool reset = false;
    Request req;
    while (!stopped() && read_request(c, buffer, req)) {
      Response r = pick(req);
      track(req.target, +1);
      const bool go_on = pause(r.delay);
      if (!go_on || r.reset) {
        track(req.target, -1);
        reset = r.reset;
        break;
      }
      std::string body = r.body + std::string(r.oversize, 'x');
      std::string head = "HTTP/1.1 " + std::to_string(r.status) + " Scripted\r\n";
      head += "Content-Length: " + std::to_string(body.size()) + "\r\n";
      for (const auto& [k, v] : r.headers) head += k + ": " + v + "\r\n";
      head += "\r\n";
      if (req.method == "HEAD") body.clear();
      bool ok;
      if (r.trickle) {
        ok = c.write(head.data(), head.size());
        for (std::size_t i = 0; ok && i < body.size(); ++i)
          ok = c.write(&body[i], 1) && pause(std::chrono::milliseconds(1000));
      } else {
        head += body; // one write: no Nagle / delayed-ACK stall between head and body
        ok = c.write(head.data(), head.size());
      }
      track(req.target, -1);
      if (!ok) break;
      if (auto it = req.headers.find("connection"); it != req.headers.end() && it->second == "close")
        break;
      req = Request{};
    }
    if (reset) {
      linger l{1, 0}; // close with RST
      setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    } else if (ssl) {
      SSL_shutdown(ssl);
    }
    SSL_free(ssl);
    finish(fd);
  }

  void finish(int fd) {
    std::lock_guard lock(mutex);
    live_fds.erase(fd);
    ::close(fd);
  }

  void accept_loop() {
    while (!stopped()) {
      pollfd fds[2] = {{listen_fd, POLLIN, 0}, {wake[0], POLLIN, 0}};
      if (::poll(fds, 2, -1) <= 0) continue;
      if (fds[1].revents) break;
      const int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      const int one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      std::lock_guard lock(mutex);
      live_fds.insert(fd);
      workers.emplace_back([this, fd] { serve(fd); });
    }
  }
};

LoopbackServer::LoopbackServer(Options options) : impl_(std::make_unique<Impl>()) {
  auto& s = *impl_;
  s.options = options;
  std::signal(SIGPIPE, SIG_IGN); // a client hanging up mid-answer (SSL_write) must not kill us
  if (options.tls) {
    s.served = make_cert();
    s.trusted = options.untrusted_cert ? make_cert() : nullptr;
    s.ca_path = write_pem(s.trusted ? s.trusted->cert : s.served->cert);
    s.ssl_ctx = SSL_CTX_new(TLS_server_method());
    if (!s.ssl_ctx || SSL_CTX_use_certificate(s.ssl_ctx, s.served->cert) != 1 ||
        SSL_CTX_use_PrivateKey(s.ssl_ctx, s.served->key) != 1)
      throw std::runtime_error("test server: TLS set-up failed");
  }
  const int family = options.ipv6 ? AF_INET6 : AF_INET;
  s.listen_fd = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int one = 1;
  setsockopt(s.listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_storage addr{};
  socklen_t len;
  if (options.ipv6) {
    auto* a6 = reinterpret_cast<sockaddr_in6*>(&addr);
    a6->sin6_family = AF_INET6;
    a6->sin6_addr = in6addr_loopback;
    len = sizeof(sockaddr_in6);
  } else {
    auto* a4 = reinterpret_cast<sockaddr_in*>(&addr);
    a4->sin_family = AF_INET;
    a4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    len = sizeof(sockaddr_in);
  }
  if (::bind(s.listen_fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
      ::listen(s.listen_fd, 512) != 0)
    throw std::runtime_error("test server: cannot bind loopback");
  getsockname(s.listen_fd, reinterpret_cast<sockaddr*>(&addr), &len);
  s.port = ntohs(options.ipv6 ? reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port
                              : reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
  if (::pipe2(s.wake, O_CLOEXEC) != 0) throw std::runtime_error("test server: pipe failed");
  s.acceptor = std::thread([&s] { s.accept_loop(); });
}

LoopbackServer::~LoopbackServer() {
  auto& s = *impl_;
  s.stopping = true;
  (void)!::write(s.wake[1], "x", 1);
  if (s.acceptor.joinable()) s.acceptor.join();
  {
    std::lock_guard lock(s.mutex);
    for (int fd : s.live_fds) ::shutdown(fd, SHUT_RDWR);
  }
  for (auto& t : s.workers) t.join();
  ::close(s.listen_fd);
  ::close(s.wake[0]);
  ::close(s.wake[1]);
  if (s.ssl_ctx) SSL_CTX_free(s.ssl_ctx);
  if (!s.ca_path.empty()) std::remove(s.ca_path.c_str());
}

int LoopbackServer::port() const { return impl_->port; }

std::string LoopbackServer::base_url() const {
  return std::string(impl_->options.tls ? "https://" : "http://") +
         (impl_->options.ipv6 ? "[::1]" : "127.0.0.1") + ":" + std::to_string(impl_->port);
}

const std::string& LoopbackServer::ca_file() const { return impl_->ca_path; }

void LoopbackServer::route(const std::string& path, std::vector<Response> script) {
  std::lock_guard lock(impl_->mutex);
  impl_->routes[path] = std::move(script);
  impl_->route_hits[path] = 0;
}

void LoopbackServer::fallback(Response response) {
  std::lock_guard lock(impl_->mutex);
  impl_->fallback_response = std::move(response);
}

std::size_t LoopbackServer::hits(const std::string& path) const {
  std::lock_guard lock(impl_->mutex);
  std::size_t n = 0;
  for (const auto& r : impl_->log)
    if (r.target.substr(0, r.target.find('?')) == path) ++n;
  return n;
}

std::size_t LoopbackServer::total_hits() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->log.size();
}

std::vector<Request> LoopbackServer::requests() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->log;
}

std::size_t LoopbackServer::peak_concurrency(const std::string& prefix) const {
  std::lock_guard lock(impl_->mutex);
  const auto it = impl_->inflight.find(prefix);
  return it == impl_->inflight.end() ? 0 : it->second.second;
}

} // namespace vigil::test
