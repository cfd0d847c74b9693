// The libcurl multi loop (see http_engine.hpp). Everything curl-specific lives here: handle
// set-up with the network policy, the address guard in the open-socket callback, the size cap in
// the write callback, and retry scheduling.
#include "http_engine.hpp"

#include "bounded_queue.hpp"
#include "curl_handles.hpp"
#include "no_proxy.hpp"
#include "retry_policy.hpp"
#include "url.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <netinet/in.h>
#include <sys/socket.h>

namespace vigil::verifiers {
namespace {

constexpr std::size_t kMaxHeaderBytes = 64 * 1024;
constexpr auto kMinAttemptTime = std::chrono::milliseconds(50);

struct Job {
  HttpRequest req;
  HttpDone done;
  CurlEasy easy;
  CurlSlist headers;
  std::string body;
  std::map<std::string, std::string> resp_headers;
  std::size_t header_bytes = 0;
  std::size_t cap = 0;
  bool too_large = false;
  bool blocked = false;
  bool via_proxy = false;
  AddressClass blocked_class = AddressClass::public_address;
  int attempts = 0;
  bool started = false;
  Clock::time_point deadline;
  HttpResult last;
};
using JobPtr = std::unique_ptr<Job>;

struct Provider {
  explicit Provider(const VerifyOptions& o, Clock::time_point now)
      : bucket(o.provider_rate, std::max(1.0, o.provider_burst), now) {}
  std::deque<JobPtr> waiting;
  std::size_t running = 0;
  TokenBucket bucket;
};

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
  auto* job = static_cast<Job*>(user);
  const std::size_t len = size * n;
  if (job->body.size() + len > job->cap) {
    job->too_large = true;
    return 0; // aborts the transfer with CURLE_WRITE_ERROR
  }
  job->body.append(data, len);
  return len;
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
  auto* job = static_cast<Job*>(user);
  const std::size_t len = size * n;
  job->header_bytes += len;
  if (job->header_bytes > kMaxHeaderBytes) {
    job->too_large = true;
    return 0;
  }
  std::string_view line(data, len);
  if (line.rfind("HTTP/", 0) == 0) { // a new response (after 1xx): forget earlier headers
    job->resp_headers.clear();
    return len;
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return len;
  std::string name(line.substr(0, colon));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
    value.remove_suffix(1);
  job->resp_headers[name] = std::string(value);
  return len;
}

// The address guard, on the address curl is about to connect to, for every connection attempt
// (each address of a name, each retry): what a name resolved to at check time cannot differ
// from what is connected.
curl_socket_t on_open_socket(void* user, curlsocktype purpose, curl_sockaddr* address) {
  auto* job = static_cast<Job*>(user);
  if (purpose == CURLSOCKTYPE_IPCXN && !job->via_proxy) {
    const bool sized = (address->family == AF_INET && address->addrlen >= sizeof(sockaddr_in)) ||
                       (address->family == AF_INET6 && address->addrlen >= sizeof(sockaddr_in6));
    if (!sized || !address_allowed(&address->addr, job->req.allow_loopback)) {
      job->blocked = true;
      job->blocked_class = sized ? classify_address(&address->addr) : AddressClass::reserved;
      return CURL_SOCKET_BAD;
    }
  }
  return socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

Fault classify(CURLcode code, const Job& job) {
  if (code == CURLE_OK) return Fault::none;
  if (job.blocked) return Fault::blocked;
  if (job.too_large || code == CURLE_FILESIZE_EXCEEDED) return Fault::too_large;
  switch (code) {
  case CURLE_OPERATION_TIMEDOUT: return Fault::timeout;
  case CURLE_SSL_CONNECT_ERROR:
  case CURLE_PEER_FAILED_VERIFICATION:
  case CURLE_SSL_CERTPROBLEM:
  case CURLE_SSL_CIPHER:
  case CURLE_SSL_CACERT_BADFILE:
  case CURLE_SSL_ISSUER_ERROR:
  case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
  case CURLE_SSL_INVALIDCERTSTATUS:
  case CURLE_SSL_CRL_BADFILE:
  case CURLE_USE_SSL_FAILED: return Fault::tls;
  case CURLE_COULDNT_RESOLVE_HOST:
  case CURLE_COULDNT_RESOLVE_PROXY:
  case CURLE_COULDNT_CONNECT:
  case CURLE_RECV_ERROR:
  case CURLE_SEND_ERROR:
  case CURLE_GOT_NOTHING:
  case CURLE_PARTIAL_FILE: return Fault::connect;
  default: return Fault::protocol;
  }
}

} // namespace

struct HttpEngine::Loop {
  Loop(const VerifyOptions& options, std::atomic<std::size_t>& attempt_counter)
      : o(options), attempts(attempt_counter), queue(options.queue_capacity),
        multi(curl().multi_init()), rng(std::random_device{}()) {
    const long cap = static_cast<long>(std::max<std::size_t>(1, o.global_concurrency));
    curl().multi_setopt(multi.get(), CURLMOPT_MAXCONNECTS, cap);
    curl().multi_setopt(multi.get(), CURLMOPT_MAX_TOTAL_CONNECTIONS, cap);
    for (const auto& pin : o.resolve) slist_append(resolve, pin.c_str());
    stage_limit = std::max<std::size_t>(64, o.global_concurrency * 4);
  }

  const VerifyOptions& o;
  std::atomic<std::size_t>& attempts;
  BoundedQueue<JobPtr> queue;
  CurlMulti multi;
  CurlSlist resolve;
  std::atomic<bool> stop{false};
  std::map<std::string, Provider> providers;
  std::multimap<Clock::time_point, JobPtr> delayed;
  std::map<Job*, JobPtr> active;
  std::size_t staged = 0;
  std::size_t stage_limit = 0;
  std::mt19937_64 rng;

  Provider& provider(const std::string& key, Clock::time_point now) {
    auto it = providers.find(key);
    if (it == providers.end()) it = providers.emplace(key, Provider(o, now)).first;
    return it->second;
  }

  void complete(JobPtr job, HttpResult result) {
    result.attempts = job->attempts;
    auto done = std::move(job->done);
    job.reset();
    if (done) done(std::move(result));
  }

  void stage(JobPtr job, Clock::time_point now, bool front) {
    auto& p = provider(job->req.provider, now);
    ++staged;
    if (front) p.waiting.push_front(std::move(job));
    else p.waiting.push_back(std::move(job));
  }

  // Prepares the easy handle for one attempt. False when the attempt must not be made.
  bool prepare(Job& job, Clock::time_point now, HttpResult& refusal) {
    const auto url = split_url(job.req.url);
    if (!url) {
      refusal.fault = Fault::protocol;
      refusal.note = "malformed request URL";
      return false;
    }
    job.via_proxy = !o.https_proxy.empty() && !job.req.allow_loopback &&
                    !no_proxy_matches(o.no_proxy, bare_host(url->host));
    if (job.via_proxy) {
      // Behind a proxy the connected address is the proxy's: the target cannot be guarded, so
      // only provider hosts named by rules go through it, never a literal internal address.
      const auto literal = classify_ip_text(bare_host(url->host));
      if (job.req.content_host || (literal && *literal != AddressClass::public_address)) {
        refusal.fault = Fault::blocked;
        refusal.blocked_class = literal ? *literal : AddressClass::reserved;
        refusal.note = "content hosts are not verified through a proxy";
        return false;
      }
    }
    if (!job.easy) job.easy.reset(curl().easy_init());
    else curl().easy_reset(job.easy.get());
    if (!job.easy) {
      refusal.fault = Fault::protocol;
      refusal.note = "out of memory";
      return false;
    }
    job.body.clear();
    job.resp_headers.clear();
    job.header_bytes = 0;
    job.too_large = job.blocked = false;
    job.cap = o.max_response_bytes;
    job.headers.reset();
    slist_append(job.headers, "Expect:");
    for (const auto& h : job.req.headers) slist_append(job.headers, h.c_str());

    CURL* e = job.easy.get();
    const auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(job.deadline - now);
    const auto total = std::min(o.request_timeout, remaining);
    curl().easy_setopt(e, CURLOPT_URL, job.req.url.c_str());
    curl().easy_setopt(e, CURLOPT_PROTOCOLS_STR, job.req.allow_http ? "http,https" : "https");
    curl().easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl().easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl().easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::min(o.connect_timeout, total).count()));
    curl().easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(std::max<std::int64_t>(1, total.count())));
    curl().easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, o.low_speed_limit);
    curl().easy_setopt(e, CURLOPT_LOW_SPEED_TIME, static_cast<long>(o.low_speed_time.count()));
    curl().easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(o.max_response_bytes));
    curl().easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl().easy_setopt(e, CURLOPT_WRITEDATA, &job);
    curl().easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl().easy_setopt(e, CURLOPT_HEADERDATA, &job);
    curl().easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
    curl().easy_setopt(e, CURLOPT_OPENSOCKETDATA, &job);
    curl().easy_setopt(e, CURLOPT_PRIVATE, &job);
    curl().easy_setopt(e, CURLOPT_USERAGENT, "vigil/0.1 (secret validity check; read-only)");
    curl().easy_setopt(e, CURLOPT_HTTPHEADER, job.headers.get());
    curl().easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
    curl().easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!o.ca_bundle.empty()) curl().easy_setopt(e, CURLOPT_CAINFO, o.ca_bundle.c_str());
    curl().easy_setopt(e, CURLOPT_PROXY, job.via_proxy ? o.https_proxy.c_str() : "");
    if (resolve) curl().easy_setopt(e, CURLOPT_RESOLVE, resolve.get());
    if (job.req.method == "HEAD") {
      curl().easy_setopt(e, CURLOPT_NOBODY, 1L);
    } else if (job.req.method == "POST") {
      curl().easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(job.req.body.size()));
      curl().easy_setopt(e, CURLOPT_COPYPOSTFIELDS, job.req.body.c_str());
    }
    return true;
  }

  void start(JobPtr job, Provider& p, Clock::time_point now) {
    if (!job->started) {
      job->started = true;
      job->deadline = now + o.finding_budget;
    }
    HttpResult refusal;
    if (job->deadline - now < kMinAttemptTime) {
      refusal = job->last;
      if (refusal.fault == Fault::none && refusal.status == 0) refusal.fault = Fault::timeout;
      refusal.note = "time budget exhausted";
      complete(std::move(job), std::move(refusal));
      return;
    }
    if (!prepare(*job, now, refusal)) {
      complete(std::move(job), std::move(refusal));
      return;
    }
    ++job->attempts;
    ++attempts;
    if (curl().multi_add_handle(multi.get(), job->easy.get()) != CURLM_OK) {
      refusal.fault = Fault::protocol;
      refusal.note = "could not start the transfer";
      complete(std::move(job), std::move(refusal));
      return;
    }
    ++p.running;
    Job* raw = job.get();
    active.emplace(raw, std::move(job));
  }

  void start_ready(Clock::time_point now) {
    for (auto& [key, p] : providers) {
      while (!p.waiting.empty() && active.size() < o.global_concurrency &&
             p.running < std::max<std::size_t>(1, o.provider_concurrency) && p.bucket.take(now)) {
        auto job = std::move(p.waiting.front());
        p.waiting.pop_front();
        --staged;
        start(std::move(job), p, now);
      }
    }
  }

  void finish(CURL* easy, CURLcode code) {
    Job* raw = nullptr;
    curl().easy_getinfo(easy, CURLINFO_PRIVATE, &raw);
    curl().multi_remove_handle(multi.get(), easy);
    auto it = active.find(raw);
    if (it == active.end()) return;
    JobPtr job = std::move(it->second);
    active.erase(it);
    const auto now = Clock::now();
    auto& p = provider(job->req.provider, now);
    --p.running;

    HttpResult r;
    r.fault = classify(code, *job);
    if (r.fault == Fault::blocked) r.blocked_class = job->blocked_class;
    if (r.fault == Fault::none) {
      curl().easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &r.status);
      r.body = std::move(job->body);
      r.headers = std::move(job->resp_headers);
    }
    if (is_retryable(r.fault, r.status)) {
      if (job->attempts >= o.max_attempts) {
        r.note = "gave up after " + std::to_string(job->attempts) + " attempts";
      } else {
        auto delay = backoff_delay(job->attempts, o.backoff_base, o.backoff_max, rng);
        bool give_up = false;
        if (const auto ra = r.headers.find("retry-after"); ra != r.headers.end()) {
          const auto now_unix = std::chrono::duration_cast<std::chrono::seconds>(
                                    std::chrono::system_clock::now().time_since_epoch()).count();
          if (const auto secs = parse_retry_after(ra->second, now_unix)) {
            if (*secs > std::chrono::duration_cast<std::chrono::seconds>(o.retry_after_cap) ||
                *secs > std::chrono::hours(24 * 365)) {
              give_up = true;
              r.note = "Retry-After beyond the " +
                       std::to_string(std::chrono::duration_cast<std::chrono::seconds>(o.retry_after_cap).count()) +
                       " s cap";
            } else {
              delay = std::max<std::chrono::milliseconds>(delay, *secs);
            }
          }
        }
        if (!give_up && now + delay + kMinAttemptTime < job->deadline) {
          job->last = std::move(r);
          delayed.emplace(now + delay, std::move(job));
          return;
        }
        if (!give_up) r.note = "time budget exhausted after " + std::to_string(job->attempts) + " attempts";
      }
    }
    complete(std::move(job), std::move(r));
  }

  long poll_timeout_ms(Clock::time_point now) {
    auto next = now + std::chrono::milliseconds(500);
    if (!delayed.empty()) next = std::min(next, delayed.begin()->first);
    for (auto& [key, p] : providers)
      if (!p.waiting.empty() && p.running < std::max<std::size_t>(1, o.provider_concurrency) &&
          active.size() < o.global_concurrency)
        next = std::min(next, p.bucket.next_token(now));
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(next - now).count();
    return std::clamp<long>(static_cast<long>(ms), 0, 500);
  }

  void cancel_all() {
    queue.close();
    HttpResult cancelled;
    cancelled.fault = Fault::cancelled;
    cancelled.note = "verification stopped";
    while (auto job = queue.try_pop()) complete(std::move(*job), cancelled);
    for (auto& [raw, job] : active) {
      curl().multi_remove_handle(multi.get(), job->easy.get());
      complete(std::move(job), cancelled);
    }
    active.clear();
    for (auto& [when, job] : delayed) complete(std::move(job), cancelled);
    delayed.clear();
    for (auto& [key, p] : providers)
      for (auto& job : p.waiting) complete(std::move(job), cancelled);
    providers.clear();
  }

  void run() {
    while (!stop.load()) {
      auto now = Clock::now();
      while (staged + active.size() + delayed.size() < stage_limit) {
        auto job = queue.try_pop();
        if (!job) break;
        stage(std::move(*job), now, false);
      }
      while (!delayed.empty() && delayed.begin()->first <= now) {
        auto job = std::move(delayed.begin()->second);
        delayed.erase(delayed.begin());
        stage(std::move(job), now, true);
      }
      start_ready(now);
      int still = 0;
      curl().multi_perform(multi.get(), &still);
      int queued = 0;
      while (CURLMsg* m = curl().multi_info_read(multi.get(), &queued))
        if (m->msg == CURLMSG_DONE) finish(m->easy_handle, m->data.result);
      now = Clock::now();
      start_ready(now);
      curl().multi_poll(multi.get(), nullptr, 0, static_cast<int>(poll_timeout_ms(now)), nullptr);
    }
    cancel_all();
  }
};

HttpEngine::HttpEngine(const VerifyOptions& options)
    : loop_(std::make_unique<Loop>(options, attempts_)) {
  thread_ = std::thread([this] { loop_->run(); });
}

HttpEngine::~HttpEngine() {
  loop_->stop.store(true);
  curl().multi_wakeup(loop_->multi.get());
  if (thread_.joinable()) thread_.join();
}

void HttpEngine::submit(HttpRequest request, HttpDone done) {
  auto job = std::make_unique<Job>();
  job->req = std::move(request);
  job->done = std::move(done);
  if (!loop_->queue.push(std::move(job))) {
    HttpResult cancelled;
    cancelled.fault = Fault::cancelled;
    if (job && job->done) job->done(cancelled);
    return;
  }
  curl().multi_wakeup(loop_->multi.get());
}

} // namespace vigil::verifiers
