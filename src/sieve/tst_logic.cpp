// true, false, not, allof, anyof (RFC 5228 sections 5.2, 5.3, 5.6, 5.8, 5.10). allof and
// anyof stop at the first test that decides the result.
#include "sieve/args.hpp"
#include "sieve/commands.hpp"
#include "sieve/compiler.hpp"
#include "sieve/runtime.hpp"

namespace roost::sieve {
namespace {

class ConstTest final : public Test {
public:
    ConstTest(Position pos, bool value) : Test(pos), value_(value) {}
    std::string_view name() const override { return value_ ? "true" : "false"; }
    Truth evaluate(Runtime&) const override { return truth(value_); }

private:
    bool value_;
};

class NotTest final : public Test {
public:
    NotTest(Position pos, std::unique_ptr<Test> inner) : Test(pos), inner_(std::move(inner)) {}
    std::string_view name() const override { return "not"; }
    Truth evaluate(Runtime& rt) const override
    {
        const Truth t = run_test(*inner_, rt);
        if (t == Truth::Error) {
            return t;
        }
        return t == Truth::True ? Truth::False : Truth::True;
    }

private:
    std::unique_ptr<Test> inner_;
};

class ListTest final : public Test {
public:
    ListTest(Position pos, bool all, std::vector<std::unique_ptr<Test>> tests)
        : Test(pos), all_(all), tests_(std::move(tests))
    {
    }
    std::string_view name() const override { return all_ ? "allof" : "anyof"; }
    Truth evaluate(Runtime& rt) const override
    {
        for (const auto& t : tests_) {
            const Truth r = run_test(*t, rt);
            if (r == Truth::Error) {
                return r;
            }
            if ((r == Truth::True) != all_) {
                return r;
            }
        }
        return truth(all_);
    }

private:
    bool all_;
    std::vector<std::unique_ptr<Test>> tests_;
};

std::unique_ptr<Test> make_list(Compiler& c, const AstNode& node, bool all)
{
    if (!read_args(c, node, {}, {})) {
        return nullptr;
    }
    std::vector<std::unique_ptr<Test>> tests;
    bool ok = true;
    for (const AstNode& t : node.tests) {
        auto test = c.compile_test(t);
        if (!test) {
            ok = false;
            continue;
        }
        tests.push_back(std::move(test));
    }
    if (!ok) {
        return nullptr;
    }
    return std::make_unique<ListTest>(node.pos, all, std::move(tests));
}

}  // namespace

std::unique_ptr<Test> make_true(Compiler& c, const AstNode& node)
{
    return read_args(c, node, {}, {}) ? std::make_unique<ConstTest>(node.pos, true) : nullptr;
}

std::unique_ptr<Test> make_false(Compiler& c, const AstNode& node)
{
    return read_args(c, node, {}, {}) ? std::make_unique<ConstTest>(node.pos, false) : nullptr;
}

std::unique_ptr<Test> make_not(Compiler& c, const AstNode& node)
{
    if (!read_args(c, node, {}, {})) {
        return nullptr;
    }
    auto inner = c.compile_test(node.tests.front());
    if (!inner) {
        return nullptr;
    }
    return std::make_unique<NotTest>(node.pos, std::move(inner));
}

std::unique_ptr<Test> make_allof(Compiler& c, const AstNode& node)
{
    return make_list(c, node, true);
}
std::unique_ptr<Test> make_anyof(Compiler& c, const AstNode& node)
{
    return make_list(c, node, false);
}

}  // namespace roost::sieve
