#include "lda/sieve_delivery.hpp"

#include "sieve_host/script_dirs.hpp"

namespace roost::lda {
namespace {

bool g_keep_scripts = false;

std::string first_error(const sieve::Diagnostics& d)
{
    for (const sieve::Diagnostic& e : d.list()) {
        if (!e.warning) {
            return std::to_string(e.pos.line) + ":" + std::to_string(e.pos.column) + ": " + e.message;
        }
    }
    return "does not compile";
}

}  // namespace

void keep_scripts_until_exit()
{
    g_keep_scripts = true;
}

SieveDecision run_script_chain(const sieve_host::ScriptChain& chain, std::string_view message,
                               const sieve::Envelope& envelope, sieve::Environment& env,
                               const sieve::Settings& settings)
{
    std::vector<std::string> scripts = chain.before;
    if (!chain.personal.empty()) {
        scripts.push_back(chain.personal);
    }
    scripts.insert(scripts.end(), chain.after.begin(), chain.after.end());

    SieveDecision d;
    bool keeping = true;
    std::optional<sieve::Action> implicit_keep;
    for (const std::string& path : scripts) {
        auto text = sieve_host::read_optional_file(path);
        if (!text || !*text) {
            d.errors.push_back(path + ": " + (text ? std::string("vanished") : text.error().message));
            continue;
        }
        const sieve::CompileResult compiled = sieve::compile(**text, settings, &env);
        if (!compiled.ok()) {
            d.errors.push_back(path + ": " + first_error(compiled.diagnostics));
            continue;
        }
        d.scripts_run.push_back(path);
        if (g_keep_scripts) {
            // Never freed: see keep_scripts_until_exit().
            static auto* kept = new std::vector<std::shared_ptr<const sieve::Program>>;
            kept->push_back(compiled.program);
        }
        const std::string_view current = d.edited_message ? std::string_view(*d.edited_message) : message;
        sieve::RunResult r = sieve::run(*compiled.program, current, envelope, env, settings);
        if (r.failed) {
            d.errors.push_back(path + ": " + r.error);
        }
        implicit_keep.reset();
        bool explicit_keep = false;
        for (sieve::Action& a : r.actions) {
            const auto* store = std::get_if<sieve::StoreAction>(&a.data);
            if (store && store->implicit) {
                implicit_keep = std::move(a);
            } else {
                explicit_keep = explicit_keep || (store && store->keep);
                d.actions.push_back(std::move(a));
            }
        }
        d.duplicate_marks.insert(d.duplicate_marks.end(), r.duplicate_marks.begin(), r.duplicate_marks.end());
        if (r.edited_message) {
            d.edited_message = r.edited_message;
        }
        // An explicit keep lets the next script run too; the keeps collapse when stored.
        keeping = implicit_keep.has_value() || explicit_keep;
        if (!keeping || r.failed) {
            break;
        }
    }
    if (keeping) {
        if (implicit_keep) {
            d.actions.push_back(std::move(*implicit_keep));
        } else {
            // No script ran (or none could compile): the message is kept as if there were none.
            sieve::StoreAction keep;
            keep.mailbox = settings.default_mailbox;
            keep.keep = true;
            keep.implicit = true;
            keep.message = d.edited_message;
            d.actions.push_back(sieve::Action{keep, {}, ""});
        }
    }
    return d;
}

}  // namespace roost::lda
