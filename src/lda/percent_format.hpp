// The one-letter %-formats of Dovecot's LDA settings (deliver_log_format "msgid=%m: %$",
// rejection_reason "...%t...%r"): %X becomes value('X'), %% a percent sign, and an escape the
// caller does not know stays as written.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace roost::lda {

std::string expand_percent(std::string_view format, const std::function<std::optional<std::string>(char)>& value);

}  // namespace roost::lda
