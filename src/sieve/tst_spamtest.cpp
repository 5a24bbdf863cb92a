// spamtest, spamtestplus and virustest (RFC 5235): compare the score another filter put in a
// header, scaled to 0..10 (spamtest; 0 = not tested), 0..100 (:percent) or 0..5 (virustest).
// How to read the header is configured as with Pigeonhole's sieve_spamtest_* settings.
#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "core/strings.hpp"
#include "sieve/commands.hpp"
#include "sieve/compiler.hpp"
#include "sieve/message.hpp"
#include "sieve/runtime.hpp"
#include "sieve/test_common.hpp"

namespace roost::sieve {
namespace {

// Absorbs binary rounding of exact decimal ratios (7.5 / 10 * 100 is 75, not 74.999...).
constexpr double kEpsilon = 1e-9;

// The value a header field holds, through the configured regex (group 1) if any.
std::optional<std::string> extract(Runtime& rt, const std::string& header, const std::string& regex)
{
    const auto values = rt.message().values(header);
    if (values.empty()) {
        return std::nullopt;
    }
    const std::string value = decode_header_value(values.front());
    if (regex.empty()) {
        return std::string(trim(value));
    }
    Regex re(regex, false);
    std::vector<std::string> groups;
    if (!re.ok() || !re.search(value, &groups)) {
        return std::nullopt;
    }
    return groups.size() > 1 ? groups[1] : groups[0];
}

std::optional<double> number(const std::string& text)
{
    if (text.empty()) {
        return std::nullopt;
    }
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || !std::isfinite(v)) {
        return std::nullopt;
    }
    return v;
}

// The score as a fraction 0..1 of the maximum; nullopt when the message was not tested.
std::optional<double> ratio(Runtime& rt, const ScoreTestSettings& s, int text_levels)
{
    const auto value = extract(rt, s.status_header, s.status_regex);
    if (!value) {
        return std::nullopt;
    }
    if (s.type == ScoreTestSettings::Type::Text) {
        for (const auto& [level, text] : s.text_values) {
            if (iequals(text, *value)) {
                return level <= 0 ? std::nullopt
                                  : std::optional<double>(static_cast<double>(level - 1) /
                                                          (text_levels - 1));
            }
        }
        return std::nullopt;
    }
    double score = 0;
    if (s.type == ScoreTestSettings::Type::Strlen) {
        score = static_cast<double>(value->size());
    } else {
        const auto v = number(*value);
        if (!v) {
            return std::nullopt;
        }
        score = *v;
    }
    double max = s.max_value;
    if (!s.max_header.empty()) {
        const auto m = extract(rt, s.max_header, s.max_regex);
        const auto mv = m ? number(*m) : std::nullopt;
        if (!mv) {
            return std::nullopt;
        }
        max = *mv;
    }
    if (max <= 0) {
        return std::nullopt;
    }
    return std::clamp(score / max, 0.0, 1.0);
}

class ScoreTest final : public Test {
public:
    ScoreTest(Position pos, bool virus, bool percent, MatchSpec spec, KeyList keys)
        : Test(pos), virus_(virus), percent_(percent), spec_(spec), keys_(std::move(keys))
    {
    }
    std::string_view name() const override { return virus_ ? "virustest" : "spamtest"; }
    Truth evaluate(Runtime& rt) const override
    {
        const ScoreTestSettings& s = virus_ ? rt.settings().virustest : rt.settings().spamtest;
        const int levels = virus_ ? 5 : 10;
        const auto r = ratio(rt, s, levels);
        std::string value;
        if (!r) {
            value = "0";
        } else if (percent_) {
            value = std::to_string(static_cast<int>(std::floor(*r * 100 + kEpsilon)));
        } else {
            // Scores scale down into the levels, as Pigeonhole rounds them (floor).
            value = std::to_string(1 + static_cast<int>(std::floor(*r * (levels - 1) + kEpsilon)));
        }
        return match_values(rt, spec_, keys_, {value});
    }

private:
    bool virus_;
    bool percent_;
    MatchSpec spec_;
    KeyList keys_;
};

std::unique_ptr<Test> make(Compiler& c, const AstNode& node, bool virus)
{
    std::vector<TagDef> tags;
    add_comparator_tags(tags);
    add_match_type_tags(tags);
    if (!virus) {
        tags.push_back({"percent", ArgType::None, "spamtestplus"});
    }
    auto args = read_args(c, node, tags, {{ArgType::String, "value"}});
    if (!args) {
        return nullptr;
    }
    auto spec = read_match_spec(c, *args);
    if (!spec) {
        return nullptr;
    }
    auto keys = read_keys(c, *spec, *args->positional[0]);
    if (!keys) {
        return nullptr;
    }
    return std::make_unique<ScoreTest>(node.pos, virus, args->has("percent"), *spec,
                                       std::move(*keys));
}

}  // namespace

std::unique_ptr<Test> make_spamtest(Compiler& c, const AstNode& node)
{
    return make(c, node, false);
}
std::unique_ptr<Test> make_virustest(Compiler& c, const AstNode& node)
{
    return make(c, node, true);
}

}  // namespace roost::sieve
