// Running a match type over extracted values (the loop every test shares).
#include "sieve/match.hpp"

#include "sieve/runtime.hpp"

namespace roost::sieve {
namespace {

std::string_view kind_name(MatchKind kind)
{
    switch (kind) {
        case MatchKind::Is:
            return ":is";
        case MatchKind::Contains:
            return ":contains";
        case MatchKind::Matches:
            return ":matches";
        case MatchKind::Regex:
            return ":regex";
        case MatchKind::Value:
            return ":value";
        case MatchKind::Count:
            return ":count";
    }
    return "";
}

}  // namespace

Truth match_values(Runtime& rt, const MatchSpec& spec, const KeyList& keys,
                   const std::vector<std::string>& values)
{
    const Comparator& cmp = *spec.comparator;
    if (spec.kind == MatchKind::Count) {
        const std::string count = std::to_string(values.size());
        for (const StringExpr& k : keys.keys) {
            const std::string key = k.eval(rt);
            if (relation_holds(spec.relation, cmp.compare(count, key))) {
                rt.trace(TraceLevel::Matching, k.pos(),
                         "count " + count + " matches \"" + key + "\"");
                return Truth::True;
            }
        }
        return Truth::False;
    }
    const std::vector<std::string> key_text = eval_list(keys.keys, rt);
    std::vector<std::shared_ptr<const Regex>> regexes = keys.regexes;
    if (spec.kind == MatchKind::Regex && regexes.size() != key_text.size()) {
        regexes.clear();
        for (std::size_t i = 0; i < key_text.size(); ++i) {
            if (check_regex_key(key_text[i], rt.limits().max_regex_size)) {
                regexes.push_back(nullptr);
                continue;
            }
            auto re = std::make_shared<Regex>(key_text[i], cmp.case_insensitive());
            regexes.push_back(re->ok() ? std::move(re) : nullptr);
            if (!regexes.back()) {
                rt.warn(keys.keys[i].pos(), "invalid regular expression '" + key_text[i] + "'");
            }
        }
    }
    const bool capture =
        rt.uses_variables() && (spec.kind == MatchKind::Matches || spec.kind == MatchKind::Regex);
    std::vector<std::string> groups;
    for (const std::string& value : values) {
        if (!rt.step(1 + value.size() / 1024)) {
            return Truth::Error;
        }
        for (std::size_t i = 0; i < key_text.size(); ++i) {
            const std::string& key = key_text[i];
            bool hit = false;
            switch (spec.kind) {
                case MatchKind::Is:
                    hit = match_is(cmp, value, key);
                    break;
                case MatchKind::Contains:
                    hit = match_contains(cmp, value, key);
                    break;
                case MatchKind::Matches:
                    hit = match_wildcard(cmp, value, key, capture ? &groups : nullptr);
                    break;
                case MatchKind::Regex:
                    hit = regexes[i] && regexes[i]->search(value, capture ? &groups : nullptr);
                    break;
                case MatchKind::Value:
                    hit = relation_holds(spec.relation, cmp.compare(value, key));
                    break;
                case MatchKind::Count:
                    break;
            }
            if (hit) {
                if (capture) {
                    rt.set_match_values(groups);
                }
                if (rt.tracing(TraceLevel::Matching)) {
                    rt.trace(TraceLevel::Matching, keys.keys[i].pos(),
                             "value \"" + value.substr(0, 200) + "\" matches key \"" + key +
                                 "\" (" + std::string(kind_name(spec.kind)) + ")");
                }
                return Truth::True;
            }
        }
    }
    return Truth::False;
}

}  // namespace roost::sieve
