// Result<T>: the value-or-error type for expected failures on every layer (bad rule, unreadable
// input, network fault). Exceptions are kept for bugs; they never cross a C callback.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace vigil::detectors {

/// An expected failure, described for a human (never containing a secret).
struct Error {
  std::string message;
};

/// Either a T or an Error; check ok() before value().
template <class T> class [[nodiscard]] Result {
public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}

  /// True when a value is held.
  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const Error& error() const { return std::get<1>(v_); }

private:
  std::variant<T, Error> v_;
};

/// Result of an operation that yields nothing but may fail.
template <> class [[nodiscard]] Result<void> {
public:
  Result() = default;
  Result(Error error) : error_(std::move(error.message)), failed_(true) {}
  bool ok() const noexcept { return !failed_; }
  explicit operator bool() const noexcept { return ok(); }
  Error error() const { return Error{error_}; }

private:
  std::string error_;
  bool failed_ = false;
};

} // namespace vigil::detectors
