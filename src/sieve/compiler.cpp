// Validation and compilation of a script: require, blocks, tests, strings and variables.
#include "sieve/compiler.hpp"

#include <algorithm>

#include "core/strings.hpp"
#include "sieve/commands.hpp"
#include "sieve/parser.hpp"

namespace roost::sieve {
namespace {

// Capabilities another one brings with it.
void add_implied(std::set<std::string, std::less<>>& caps, const std::string& cap)
{
    caps.insert(cap);
    if (cap == "vacation-seconds") {
        caps.insert("vacation");
    } else if (cap == "spamtestplus") {
        caps.insert("spamtest");
    }
}

bool all_digits(std::string_view s)
{
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Compiler::Compiler(const Settings& settings, Diagnostics& diags, Program& program,
                   Environment* loader, CompiledScript& script, std::size_t include_depth)
    : settings_(settings),
      diags_(diags),
      program_(program),
      loader_(loader),
      script_(script),
      include_depth_(include_depth)
{
    for (const std::string& e : enabled_extensions(settings)) {
        enabled_.insert(e);
    }
}

bool Compiler::has(std::string_view capability) const
{
    if (required_.find(capability) != required_.end()) {
        return true;
    }
    if (available_.empty()) {
        return false;  // the usual case, asked for every string: no std::string made
    }
    const std::string cap(capability);
    for (const auto& set : available_) {
        if (set.count(cap) > 0) {
            return true;
        }
    }
    return false;
}

bool Compiler::enabled(std::string_view capability) const
{
    return enabled_.find(capability) != enabled_.end();
}

std::string Compiler::node_label(const AstNode& node) const
{
    const std::string name = to_lower(node.name);
    return "the " + name +
           (find_test(name) != nullptr && find_command(name) == nullptr ? " test" : " command");
}

void Compiler::compile(const AstScript& ast)
{
    std::size_t first = 0;
    for (; first < ast.commands.size(); ++first) {
        const AstNode& node = ast.commands[first];
        if (!iequals(node.name, "require")) {
            break;
        }
        compile_require(node);
    }
    script_.commands = compile_block(std::span<const AstNode>(ast.commands).subspan(first));
    script_.capabilities = std::set<std::string>(required_.begin(), required_.end());
    script_.local_variables = locals_.size();
}

void Compiler::compile_require(const AstNode& node)
{
    if (node.args.size() != 1 || !node.tests.empty() || node.has_block ||
        (node.args[0].kind != AstArgument::Kind::String &&
         node.args[0].kind != AstArgument::Kind::Strings)) {
        error(node.pos, "require takes one string list of capabilities");
        return;
    }
    for (const AstString& s : node.args[0].strings) {
        const std::string cap = to_lower(s.value);
        if (!enabled(cap)) {
            error(s.pos, "unsupported Sieve capability '" + s.value + "'");
            continue;
        }
        add_implied(required_, cap);
        ++caps_version_;
    }
}

Block Compiler::compile_block(std::span<const AstNode> nodes)
{
    Block block;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (diags_.full()) {
            break;
        }
        const AstNode& node = nodes[i];
        const std::string name = to_lower(node.name);
        if (name == "if") {
            if (auto cmd = compile_if_chain(*this, nodes, i)) {
                block.push_back(std::move(cmd));
            }
            continue;
        }
        if (name == "elsif" || name == "else") {
            error(node.pos, "'" + name + "' without a preceding 'if' or 'elsif'");
            continue;
        }
        if (name == "require") {
            error(node.pos,
                  "require must come before every other command, at the top of the "
                  "script");
            continue;
        }
        const CommandDef* def = find_command(name);
        if (def == nullptr) {
            if (find_test(name) != nullptr) {
                error(node.pos, "'" + node.name + "' is a test, not a command");
            } else {
                error(node.pos, "unknown command '" + node.name + "'");
            }
            continue;
        }
        if (!def->capability.empty() && !has(def->capability)) {
            error(node.pos, "unknown command '" + node.name + "' (it needs require \"" +
                                std::string(def->capability) + "\")");
            continue;
        }
        if (!node.tests.empty()) {
            error(node.tests.front().pos, "the " + name + " command takes no test");
            continue;
        }
        if (def->block && !node.has_block) {
            error(node.pos, "the " + name + " command needs a block");
            continue;
        }
        if (!def->block && node.has_block) {
            error(node.pos, "the " + name + " command takes no block");
            continue;
        }
        if (auto cmd = def->make(*this, node)) {
            block.push_back(std::move(cmd));
        }
    }
    return block;
}

std::unique_ptr<Test> Compiler::compile_test(const AstNode& node)
{
    const std::string name = to_lower(node.name);
    const TestDef* def = find_test(name);
    if (def == nullptr) {
        if (find_command(name) != nullptr || name == "if" || name == "require") {
            error(node.pos, "'" + node.name + "' is a command, not a test");
        } else {
            error(node.pos, "unknown test '" + node.name + "'");
        }
        return nullptr;
    }
    if (!def->capability.empty() && !has(def->capability)) {
        error(node.pos, "unknown test '" + node.name + "' (it needs require \"" +
                            std::string(def->capability) + "\")");
        return nullptr;
    }
    switch (def->subtests) {
        case SubTests::None:
            if (!node.tests.empty()) {
                error(node.tests.front().pos, "the " + name + " test takes no sub-test");
                return nullptr;
            }
            break;
        case SubTests::One:
            if (node.tests.size() != 1 || node.test_list) {
                error(node.pos, "the " + name + " test takes exactly one test (not a list)");
                return nullptr;
            }
            break;
        case SubTests::List:
            if (!node.test_list) {
                error(node.pos, "the " + name + " test takes a test list: " + name + "(...)");
                return nullptr;
            }
            break;
    }
    return def->make(*this, node);
}

std::optional<VarRef> Compiler::resolve_variable(std::string_view raw, Position pos)
{
    if (all_digits(raw)) {
        std::size_t n = 0;
        for (const char c : raw) {
            n = std::min<std::size_t>(n * 10 + static_cast<std::size_t>(c - '0'), 1000000);
        }
        return VarRef{VarRef::Kind::Match, n, std::string(raw)};
    }
    if (!is_variable_name(raw)) {
        return std::nullopt;
    }
    const std::string name = to_lower(raw);
    const std::size_t dot = name.find('.');
    if (dot != std::string::npos) {
        if (name.substr(0, dot) == "global" && has("include") && dot + 1 < name.size() &&
            name.find('.', dot + 1) == std::string::npos) {
            return VarRef{VarRef::Kind::Global, 0, name.substr(dot + 1)};
        }
        error(pos, "variable '" + std::string(raw) + "' is in an unknown namespace");
        return std::nullopt;
    }
    if (globals_.count(name) > 0) {
        return VarRef{VarRef::Kind::Global, 0, name};
    }
    auto it = locals_.find(name);
    if (it == locals_.end()) {
        if (locals_.size() >= limits().max_variables) {
            error(pos,
                  "too many variables: the limit is " + std::to_string(limits().max_variables));
            return std::nullopt;
        }
        it = locals_.emplace(name, locals_.size()).first;
    }
    return VarRef{VarRef::Kind::Local, it->second, name};
}

std::optional<StringExpr> Compiler::string(const AstString& s)
{
    if (string_caps_version_ != caps_version_) {
        string_encoded_ = has("encoded-character");
        string_variables_ = has("variables");
        string_caps_version_ = caps_version_;
    }
    std::string_view value = s.value;  // no copy: most strings are taken as they are
    std::string decoded;
    if (string_encoded_) {
        std::string err;
        if (!decode_encoded_characters(value, decoded, err)) {
            error(s.pos, err);
            return std::nullopt;
        }
        value = decoded;
    }
    StringExpr out;
    out.set_pos(s.pos);
    if (!string_variables_) {
        out.add_text(value);
        return out;
    }
    const std::size_t errors_before = diags_.error_count();
    std::size_t i = 0;
    while (i < value.size()) {
        const std::size_t at = value.find("${", i);
        if (at == std::string::npos) {
            out.add_text(std::string_view(value).substr(i));
            break;
        }
        out.add_text(std::string_view(value).substr(i, at - i));
        const std::size_t close = value.find('}', at + 2);
        if (close == std::string::npos) {
            out.add_text(std::string_view(value).substr(at));
            break;
        }
        const std::string_view inner = std::string_view(value).substr(at + 2, close - at - 2);
        // Only a well-formed name is a reference; "${" followed by anything else is text,
        // and scanning resumes right after the "${" (RFC 5229 section 3).
        const bool well_formed = all_digits(inner) || is_variable_name(inner);
        if (!well_formed) {
            out.add_text("${");
            i = at + 2;
            continue;
        }
        if (auto ref = resolve_variable(inner, s.pos)) {
            out.add_ref(std::move(*ref));
        }
        i = close + 1;
    }
    if (diags_.error_count() != errors_before) {
        return std::nullopt;
    }
    return out;
}

std::optional<StringExpr> Compiler::string_arg(const AstArgument& a)
{
    if (a.kind != AstArgument::Kind::String || a.strings.size() != 1) {
        error(a.pos, "expected a string");
        return std::nullopt;
    }
    return string(a.strings.front());
}

std::optional<StringList> Compiler::string_list(const AstArgument& a)
{
    if (a.kind != AstArgument::Kind::String && a.kind != AstArgument::Kind::Strings) {
        error(a.pos, "expected a string list");
        return std::nullopt;
    }
    StringList out;
    bool ok = true;
    for (const AstString& s : a.strings) {
        if (auto e = string(s)) {
            out.push_back(std::move(*e));
        } else {
            ok = false;
        }
    }
    if (!ok) {
        return std::nullopt;
    }
    return out;
}

std::optional<VarRef> Compiler::variable_target(const AstString& s)
{
    if (all_digits(s.value)) {
        error(s.pos, "cannot assign to match variable '" + s.value + "'");
        return std::nullopt;
    }
    if (!is_variable_name(s.value)) {
        error(s.pos, "invalid variable name '" + s.value + "'");
        return std::nullopt;
    }
    return resolve_variable(s.value, s.pos);
}

void Compiler::declare_global(const AstString& s)
{
    if (!is_identifier(s.value)) {
        error(s.pos, "invalid global variable name '" + s.value + "'");
        return;
    }
    const std::string name = to_lower(s.value);
    if (locals_.count(name) > 0) {
        error(s.pos, "variable '" + s.value +
                         "' is declared global after its first use as a "
                         "local variable");
        return;
    }
    globals_.insert(name);
}

const CompiledScript* Compiler::include(ScriptLocation location, const std::string& name,
                                        bool optional, Position pos)
{
    if (name.empty() || name.find('/') != std::string::npos ||
        name.find('\0') != std::string::npos || name == "." || name == "..") {
        error(pos, "invalid script name '" + name + "' for include");
        return nullptr;
    }
    const std::string key = include_key(location, name);
    if (auto it = program_.includes.find(key); it != program_.includes.end()) {
        if (!it->second && !optional) {
            error(pos, "included script '" + name + "' does not exist");
        }
        return it->second.get();
    }
    if (include_depth_ + 1 > limits().max_include_depth) {
        error(pos, "includes nested deeper than " + std::to_string(limits().max_include_depth) +
                       " levels");
        return nullptr;
    }
    if (program_.includes.size() >= limits().max_includes) {
        error(pos,
              "too many included scripts: the limit is " + std::to_string(limits().max_includes));
        return nullptr;
    }
    Result<std::optional<std::string>> text = std::optional<std::string>();
    if (loader_ != nullptr) {
        text = loader_->load_script(location, name);
    }
    if (!text) {
        error(pos, "cannot read included script '" + name + "': " + text.error().message);
        return nullptr;
    }
    if (!text->has_value()) {
        if (!optional) {
            error(pos, "included script '" + name + "' does not exist");
        }
        program_.includes.emplace(key, nullptr);
        return nullptr;
    }
    const std::string& source = **text;
    if (source.size() > limits().max_script_size) {
        error(pos, "included script '" + name + "' is larger than " +
                       std::to_string(limits().max_script_size) + " bytes");
        return nullptr;
    }
    auto script = std::make_unique<CompiledScript>();
    script->name = name;
    script->location = location;
    CompiledScript* raw = script.get();
    program_.includes.emplace(key, std::move(script));

    const std::string saved = diags_.script();
    diags_.set_script(name);
    const std::size_t before = diags_.error_count();
    const AstScript ast = parse_script(source, diags_, ParseLimits{limits().max_nesting});
    Compiler sub(settings_, diags_, program_, loader_, *raw, include_depth_ + 1);
    sub.compile(ast);
    diags_.set_script(saved);
    if (diags_.error_count() != before) {
        error(pos, "included script '" + name + "' has errors");
        return nullptr;
    }
    return raw;
}

}  // namespace roost::sieve
