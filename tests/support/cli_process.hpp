// Runs the real `vigil` binary (VIGIL_BINARY) in a test: arguments, working directory and
// extra environment in; exit code, stdout and stderr out. A watchdog kills a run that hangs,
// so "never hang" is a failing test instead of a stuck suite.
#pragma once

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace vigil::cli_test {

/// What one run of the binary produced.
struct RunResult {
  int exit_code = -1; ///< -1 when killed (timeout or signal)
  bool timed_out = false;
  std::string out;
  std::string err;
};

/// Settings for one run.
struct RunOptions {
  std::filesystem::path cwd;                  ///< empty: inherit
  std::map<std::string, std::string> env;     ///< set (added to the inherited environment)
  std::chrono::seconds timeout{120};
  bool stdout_dev_full = false;               ///< stdout to /dev/full (write-error tests)
};

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// Runs VIGIL_BINARY with `args`; stdin is /dev/null.
inline RunResult run_vigil(const std::vector<std::string>& args, const RunOptions& options = {}) {
  std::random_device rd;
  const auto base = std::filesystem::temp_directory_path() /
                    ("vigil-run-" + std::to_string(rd()) + std::to_string(rd()));
  const auto out_path = base.string() + ".out";
  const auto err_path = base.string() + ".err";
  std::vector<std::string> argv_storage{VIGIL_BINARY};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);

  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const int in = ::open("/dev/null", O_RDONLY);
    const int out = options.stdout_dev_full ? ::open("/dev/full", O_WRONLY)
                                            : ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || out < 0 || err < 0) ::_exit(126);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    if (!options.cwd.empty() && ::chdir(options.cwd.c_str()) != 0) ::_exit(126);
    for (const auto& [k, v] : options.env) ::setenv(k.c_str(), v.c_str(), 1);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  RunResult r;
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + options.timeout;
  for (;;) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      r.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (!r.timed_out && WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  r.out = slurp(out_path);
  r.err = slurp(err_path);
  std::error_code ec;
  std::filesystem::remove(out_path, ec);
  std::filesystem::remove(err_path, ec);
  return r;
}

} // namespace vigil::cli_test
