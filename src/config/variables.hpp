// %-variables in setting values (Dovecot 2.3 syntax, plus 2.4's %{name | filter}), expanded at
// run time: %u, %Lu, %08Xu, %2.1n, %{user}, %{if;%d;ne;;a;b}, %{md5:user}, %{user | lower}.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace roost::config {

// The values one expansion may use, by long name ("user", "home"), and the one-letter names
// the context gives them (u -> user). Contexts differ: in pop3_uidl_format %u is the UID.
struct Variables {
    std::map<std::string, std::string, std::less<>> values;
    std::map<char, std::string> letters;
    // Computes a named hash (md5, sha1, sha256 ...) as lowercase hex; unset means hashes fail.
    std::function<std::optional<std::string>(std::string_view method, std::string_view data)> hash;

    void set(std::string name, std::string value, char letter = 0);
};

// The letters of a user context: %u user, %n username, %d domain, %s service, %h home,
// %l lip, %r rip, %p pid, %i uid, %c secured, %k cert, %a lport, %b rport, %m mech, %w password.
std::map<char, std::string> user_letters();

// Expands `text`. Unknown variables and bad syntax are errors naming the variable.
Result<std::string> expand_variables(std::string_view text, const Variables& vars);

// Checks only the syntax (balanced braces, a name after every %), for parse-time errors.
std::string check_variable_syntax(std::string_view text);

}  // namespace roost::config
