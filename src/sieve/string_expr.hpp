// StringExpr: a script string compiled for run time. With the variables extension a string
// may reference variables ("${name}", "${1}", "${global.name}", RFC 5229 section 3); they are
// resolved to slots at compile time and substituted when the string is evaluated.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sieve/diagnostics.hpp"

namespace roost::sieve {

class Runtime;

// A variable a string reads or a command writes.
struct VarRef {
    enum class Kind { Local, Global, Match };
    Kind kind = Kind::Local;
    std::size_t index = 0;  // Local: slot; Match: the number
    std::string name;       // Global: the lowercase name; Local: for traces
};

class StringExpr {
public:
    StringExpr() = default;
    explicit StringExpr(std::string literal, Position pos = {});

    bool constant() const { return refs_ == 0; }
    // The text of a constant string (or the literal parts of any string, concatenated).
    const std::string& literal() const { return literal_; }
    Position pos() const { return pos_; }

    // The string with every variable substituted.
    std::string eval(const Runtime& rt) const;

    void add_text(std::string_view text);
    void add_ref(VarRef ref);
    void set_pos(Position pos) { pos_ = pos; }

private:
    std::vector<std::variant<std::string, VarRef>> parts_;
    std::string literal_;
    std::size_t refs_ = 0;
    Position pos_;
};

using StringList = std::vector<StringExpr>;

std::vector<std::string> eval_list(const StringList& list, const Runtime& rt);
bool all_constant(const StringList& list);

// RFC 5228 2.4.2.4 encoded-character: decodes "${hex:...}" and "${unicode:...}" sequences.
// Malformed sequences stay as written; a Unicode value that is not a scalar value (a surrogate
// or above U+10FFFF) is an error: the function then returns false with `error` set.
bool decode_encoded_characters(std::string_view in, std::string& out, std::string& error);

// True for "identifier *("." identifier)" (a variable name with namespaces).
bool is_variable_name(std::string_view name);
bool is_identifier(std::string_view name);

}  // namespace roost::sieve
