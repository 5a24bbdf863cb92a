// One run of a compiled program: variables, budget, includes and the final result.
#include "sieve/runtime.hpp"

#include <algorithm>

#include "mail/utf8.hpp"

namespace roost::sieve {
namespace {

// Cuts s to at most max bytes without splitting a UTF-8 sequence.
void truncate_utf8(std::string& s, std::size_t max)
{
    if (s.size() <= max) {
        return;
    }
    std::size_t n = max;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) {
        --n;
    }
    s.resize(n);
}

}  // namespace

Flow run_block(const Block& block, Runtime& rt)
{
    for (const auto& cmd : block) {
        if (!rt.step()) {
            return Flow::Error;
        }
        if (rt.tracing(TraceLevel::Commands)) {
            rt.trace(TraceLevel::Commands, cmd->pos(), cmd->name());
        }
        const Flow f = cmd->execute(rt);
        if (f != Flow::Next) {
            return f;
        }
    }
    return Flow::Next;
}

Truth run_test(const Test& test, Runtime& rt)
{
    if (!rt.step()) {
        return Truth::Error;
    }
    const Truth t = test.evaluate(rt);
    if (rt.tracing(TraceLevel::Tests) && t != Truth::Error) {
        rt.trace(TraceLevel::Tests, test.pos(),
                 std::string(test.name()) + (t == Truth::True ? " test: true" : " test: false"));
    }
    return t;
}

std::string include_key(ScriptLocation location, std::string_view name)
{
    return (location == ScriptLocation::Global ? "global:" : "personal:") + std::string(name);
}

Runtime::Runtime(const Program& program, Message& message, const Envelope& envelope,
                 Environment& env, const Settings& settings)
    : program_(program),
      message_(message),
      envelope_(envelope),
      env_(env),
      settings_(settings),
      result_(settings.limits, settings.default_mailbox)
{
}

void Runtime::trace(TraceLevel level, Position pos, std::string_view text)
{
    if (!tracing(level)) {
        return;
    }
    std::string line;
    if (!include_stack_.empty() && !include_stack_.back()->name.empty()) {
        line += include_stack_.back()->name + ":";
    }
    if (pos.line > 0) {
        line += std::to_string(pos.line) + ":" + std::to_string(pos.column) + ": ";
    }
    line.append(text);
    trace_(line);
}

std::string Runtime::read_variable(const VarRef& ref) const
{
    switch (ref.kind) {
        case VarRef::Kind::Local:
            if (!frames_.empty() && ref.index < frames_.back().size()) {
                return frames_.back()[ref.index];
            }
            return {};
        case VarRef::Kind::Global: {
            const auto it = globals_.find(ref.name);
            return it == globals_.end() ? std::string() : it->second;
        }
        case VarRef::Kind::Match:
            return ref.index < match_.size() ? match_[ref.index] : std::string();
    }
    return {};
}

void Runtime::write_variable(const VarRef& ref, std::string value)
{
    truncate_utf8(value, limits().max_variable_size);
    if (tracing(TraceLevel::Matching)) {
        trace(TraceLevel::Matching, {0, 0},
              "assign variable '" + ref.name + "' = \"" + value + "\"");
    }
    switch (ref.kind) {
        case VarRef::Kind::Local:
            if (!frames_.empty()) {
                auto& frame = frames_.back();
                if (ref.index >= frame.size()) {
                    frame.resize(ref.index + 1);
                }
                frame[ref.index] = std::move(value);
            }
            return;
        case VarRef::Kind::Global:
            globals_[ref.name] = std::move(value);
            return;
        case VarRef::Kind::Match:
            return;  // match variables are read-only (RFC 5229 section 3.2)
    }
}

void Runtime::set_match_values(const std::vector<std::string>& values)
{
    match_.assign(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(std::min(
                                                       values.size(), limits().max_match_values)));
    for (std::string& v : match_) {
        truncate_utf8(v, limits().max_variable_size);
    }
}

Flow Runtime::add_action(ActionData data, Position pos)
{
    Action action{std::move(data), pos,
                  include_stack_.empty() ? std::string() : include_stack_.back()->name};
    if (tracing(TraceLevel::Actions)) {
        trace(TraceLevel::Actions, pos, describe(action));
    }
    if (auto err = result_.add(std::move(action))) {
        return fail(pos, *err);
    }
    return Flow::Next;
}

Flow Runtime::fail(Position pos, std::string message)
{
    if (!failed_) {
        failed_ = true;
        std::string where;
        if (!include_stack_.empty() && !include_stack_.back()->name.empty()) {
            where = include_stack_.back()->name + ":";
        }
        if (pos.line > 0) {
            where += std::to_string(pos.line) + ":" + std::to_string(pos.column) + ": ";
        }
        error_ = where + message;
        if (trace_) {
            trace_("error: " + error_);
        }
    }
    return Flow::Error;
}

Truth Runtime::fail_test(Position pos, std::string message)
{
    fail(pos, std::move(message));
    return Truth::Error;
}

void Runtime::warn(Position pos, std::string message)
{
    warnings_.push_back(std::to_string(pos.line) + ":" + std::to_string(pos.column) + ": " +
                        std::move(message));
}

bool Runtime::step(std::uint64_t n)
{
    if (failed_) {
        return false;
    }
    const std::uint64_t before = steps_;
    steps_ += n;
    if (steps_ > limits().max_steps) {
        fail({0, 0}, "the script ran out of its CPU budget (" + std::to_string(limits().max_steps) +
                         " steps)");
        return false;
    }
    if (limits().max_cpu_ms > 0 && (before >> 10) != (steps_ >> 10)) {
        const std::int64_t now = env_.cpu_time_ms();
        if (now > 0 && now - cpu_start_ > limits().max_cpu_ms) {
            fail({0, 0}, "the script ran out of its CPU time (" +
                             std::to_string(limits().max_cpu_ms) + " ms)");
            return false;
        }
    }
    return true;
}

void Runtime::mark_duplicate(DuplicateMark mark)
{
    for (const DuplicateMark& m : duplicate_marks_) {
        if (m.key == mark.key) {
            return;
        }
    }
    duplicate_marks_.push_back(std::move(mark));
}

std::string Runtime::user_address() const
{
    return envelope_.to.empty() ? envelope_.orig_to : envelope_.to;
}

Flow Runtime::run_script(const CompiledScript& script)
{
    const bool saved_uses = current_script_uses_variables_;
    current_script_uses_variables_ = script.capabilities.count("variables") > 0;
    frames_.emplace_back(script.local_variables);
    include_stack_.push_back(&script);
    Flow f = run_block(script.commands, *this);
    include_stack_.pop_back();
    frames_.pop_back();
    current_script_uses_variables_ = saved_uses;
    if (f == Flow::Return || f == Flow::Break) {
        f = Flow::Next;
    }
    return f;
}

Flow Runtime::include(const CompiledScript& script, bool once, Position pos)
{
    if (once && included_once_.count(&script) > 0) {
        return Flow::Next;
    }
    if (std::find(include_stack_.begin(), include_stack_.end(), &script) != include_stack_.end()) {
        return fail(pos, "include loop: script '" + script.name + "' is already being run");
    }
    if (include_stack_.size() > limits().max_include_depth) {
        return fail(pos, "includes nested deeper than " +
                             std::to_string(limits().max_include_depth) + " levels");
    }
    included_once_.insert(&script);
    trace(TraceLevel::Commands, pos, "include script '" + script.name + "'");
    return run_script(script);
}

RunResult Runtime::run()
{
    RunResult out;
    if (ran_ || !program_.main) {
        out.failed = true;
        out.error = "no program to run";
        return out;
    }
    ran_ = true;
    cpu_start_ = env_.cpu_time_ms();
    run_script(*program_.main);
    out.steps = steps_;
    out.warnings = std::move(warnings_);
    if (failed_) {
        // RFC 5228 section 2.10.6: on a run-time error the message is kept; nothing the
        // script did before the error counts.
        out.failed = true;
        out.error = error_;
        StoreAction keep;
        keep.mailbox = "INBOX";
        keep.keep = true;
        keep.implicit = true;
        out.actions.push_back(Action{std::move(keep), {0, 0}, {}});
        return out;
    }
    out.actions = result_.take();
    out.edited_message = message_.snapshot();
    if (result_.implicit_keep()) {
        StoreAction keep;
        keep.mailbox = settings_.default_mailbox;
        keep.flags = internal_flags_;
        keep.keep = true;
        keep.implicit = true;
        keep.message = out.edited_message;
        bool merged = false;
        for (Action& a : out.actions) {
            // An explicit fileinto :copy into the same mailbox already stores it there.
            if (auto* s = std::get_if<StoreAction>(&a.data);
                s && same_mailbox(s->mailbox, keep.mailbox)) {
                merged = true;
            }
        }
        if (!merged) {
            out.actions.push_back(Action{std::move(keep), {0, 0}, {}});
        }
    }
    out.duplicate_marks = std::move(duplicate_marks_);
    return out;
}

}  // namespace roost::sieve
