// The one table of Sieve commands and tests (convention 1): name, the capability a script must
// require for it, how it compiles, and its structural shape (block, sub-tests).
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string_view>

#include "sieve/ast.hpp"
#include "sieve/program.hpp"

namespace roost::sieve {

class Compiler;

using CommandFactory = std::unique_ptr<Command> (*)(Compiler&, const AstNode&);
using TestFactory = std::unique_ptr<Test> (*)(Compiler&, const AstNode&);

enum class SubTests { None, One, List };

struct CommandDef {
    std::string_view name;
    std::string_view capability;  // "" for RFC 5228 core commands
    CommandFactory make;
    bool block = false;  // takes a block (foreverypart)
};

struct TestDef {
    std::string_view name;
    std::string_view capability;
    TestFactory make;
    SubTests subtests = SubTests::None;
};

const CommandDef* find_command(std::string_view lowercase_name);
const TestDef* find_test(std::string_view lowercase_name);

// if / elsif / else (RFC 5228 section 3.1): compiles the chain starting at nodes[i] and
// leaves i at its last member.
std::unique_ptr<Command> compile_if_chain(Compiler& c, std::span<const AstNode> nodes,
                                          std::size_t& i);

// Factories, one per cmd_ / tst_ file.
std::unique_ptr<Command> make_stop(Compiler&, const AstNode&);
std::unique_ptr<Command> make_keep(Compiler&, const AstNode&);
std::unique_ptr<Command> make_discard(Compiler&, const AstNode&);
std::unique_ptr<Command> make_redirect(Compiler&, const AstNode&);
std::unique_ptr<Command> make_fileinto(Compiler&, const AstNode&);
std::unique_ptr<Command> make_reject(Compiler&, const AstNode&);
std::unique_ptr<Command> make_ereject(Compiler&, const AstNode&);
std::unique_ptr<Command> make_set(Compiler&, const AstNode&);
std::unique_ptr<Command> make_vacation(Compiler&, const AstNode&);
std::unique_ptr<Command> make_setflag(Compiler&, const AstNode&);
std::unique_ptr<Command> make_addflag(Compiler&, const AstNode&);
std::unique_ptr<Command> make_removeflag(Compiler&, const AstNode&);
std::unique_ptr<Command> make_include(Compiler&, const AstNode&);
std::unique_ptr<Command> make_return(Compiler&, const AstNode&);
std::unique_ptr<Command> make_global(Compiler&, const AstNode&);
std::unique_ptr<Command> make_addheader(Compiler&, const AstNode&);
std::unique_ptr<Command> make_deleteheader(Compiler&, const AstNode&);
std::unique_ptr<Command> make_notify(Compiler&, const AstNode&);
std::unique_ptr<Command> make_error(Compiler&, const AstNode&);
std::unique_ptr<Command> make_foreverypart(Compiler&, const AstNode&);
std::unique_ptr<Command> make_break(Compiler&, const AstNode&);
std::unique_ptr<Command> make_extracttext(Compiler&, const AstNode&);

std::unique_ptr<Test> make_true(Compiler&, const AstNode&);
std::unique_ptr<Test> make_false(Compiler&, const AstNode&);
std::unique_ptr<Test> make_not(Compiler&, const AstNode&);
std::unique_ptr<Test> make_allof(Compiler&, const AstNode&);
std::unique_ptr<Test> make_anyof(Compiler&, const AstNode&);
std::unique_ptr<Test> make_address(Compiler&, const AstNode&);
std::unique_ptr<Test> make_header(Compiler&, const AstNode&);
std::unique_ptr<Test> make_exists(Compiler&, const AstNode&);
std::unique_ptr<Test> make_size(Compiler&, const AstNode&);
std::unique_ptr<Test> make_envelope(Compiler&, const AstNode&);
std::unique_ptr<Test> make_string(Compiler&, const AstNode&);
std::unique_ptr<Test> make_hasflag(Compiler&, const AstNode&);
std::unique_ptr<Test> make_body(Compiler&, const AstNode&);
std::unique_ptr<Test> make_date(Compiler&, const AstNode&);
std::unique_ptr<Test> make_currentdate(Compiler&, const AstNode&);
std::unique_ptr<Test> make_mailboxexists(Compiler&, const AstNode&);
std::unique_ptr<Test> make_environment(Compiler&, const AstNode&);
std::unique_ptr<Test> make_valid_notify_method(Compiler&, const AstNode&);
std::unique_ptr<Test> make_notify_method_capability(Compiler&, const AstNode&);
std::unique_ptr<Test> make_duplicate(Compiler&, const AstNode&);
std::unique_ptr<Test> make_ihave(Compiler&, const AstNode&);
std::unique_ptr<Test> make_spamtest(Compiler&, const AstNode&);
std::unique_ptr<Test> make_virustest(Compiler&, const AstNode&);

}  // namespace roost::sieve
