// compile() and run().
#include "sieve/sieve.hpp"

#include "sieve/compiler.hpp"
#include "sieve/message.hpp"
#include "sieve/parser.hpp"

namespace roost::sieve {

CompileResult compile(std::string_view script, const Settings& settings, Environment* loader)
{
    CompileResult out{nullptr, Diagnostics(settings.limits.max_errors)};
    if (script.size() > settings.limits.max_script_size) {
        out.diagnostics.error({1, 1}, "the script is larger than the limit of " +
                                          std::to_string(settings.limits.max_script_size) +
                                          " bytes");
        return out;
    }
    const AstScript ast =
        parse_script(script, out.diagnostics, ParseLimits{settings.limits.max_nesting});
    auto program = std::make_shared<Program>();
    program->main = std::make_unique<CompiledScript>();
    if (!out.diagnostics.full()) {
        Compiler compiler(settings, out.diagnostics, *program, loader, *program->main, 0);
        compiler.compile(ast);
    }
    if (!out.diagnostics.has_errors()) {
        out.program = std::move(program);
    }
    return out;
}

RunResult run(const Program& program, std::string_view message, const Envelope& envelope,
              Environment& env, const Settings& settings, const RunOptions& options)
{
    Message msg(message);
    Runtime rt(program, msg, envelope, env, settings);
    if (options.trace) {
        rt.set_trace(options.trace, options.trace_level);
    }
    return rt.run();
}

}  // namespace roost::sieve
