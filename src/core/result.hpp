// Result<T>: the value of a fallible call on the request path, or the error that stopped it.
#pragma once

#include <cassert>
#include <string>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>

namespace roost {

// An error: a code from some library's category plus a message for humans (already naming
// the file, line or peer it concerns). Errors carry no protocol wording.
struct Error {
    std::error_code code;
    std::string message;
};

// Makes an Error from the current errno, prefixed with what was being attempted.
Error errno_error(const std::string& what);

template <class T>
class [[nodiscard]] Result {
public:
    // Implicit on purpose, like expected<T>: from anything T can be made of (an alternative of a
    // variant T, a string for a string), and from an Error.
    template <class U = T>
        requires(std::is_constructible_v<T, U &&> && !std::is_same_v<std::remove_cvref_t<U>, Error> &&
                 !std::is_same_v<std::remove_cvref_t<U>, Result>)
    Result(U&& value) : v_(std::in_place_index<0>, std::forward<U>(value))  // NOLINT
    {
    }
    Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { assert(ok()); return std::get<0>(v_); }
    const T& value() const& { assert(ok()); return std::get<0>(v_); }
    T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { assert(!ok()); return std::get<1>(v_); }

private:
    std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT

    bool ok() const { return !failed_; }
    explicit operator bool() const { return ok(); }
    const Error& error() const { assert(failed_); return error_; }

private:
    Error error_;
    bool failed_ = false;
};

}  // namespace roost
