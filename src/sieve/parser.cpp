// Recursive-descent parser of the Sieve grammar with panic-mode recovery.
#include "sieve/parser.hpp"

#include <utility>
#include <vector>

#include "sieve/lexer.hpp"

namespace roost::sieve {
namespace {

class Parser {
public:
    Parser(std::vector<Token> tokens, Diagnostics& diags, ParseLimits limits)
        : t_(std::move(tokens)), diags_(diags), limits_(limits)
    {
    }

    AstScript run()
    {
        AstScript script;
        while (!at(TokenKind::End) && !diags_.full()) {
            if (at(TokenKind::RightBrace)) {
                error(cur().pos, "unexpected '}' without a matching '{'");
                ++i_;
                continue;
            }
            parse_command_into(script.commands, 0);
        }
        return script;
    }

private:
    const Token& cur() const { return t_[i_]; }
    bool at(TokenKind k) const { return t_[i_].kind == k; }
    void next()
    {
        if (!at(TokenKind::End)) {
            ++i_;
        }
    }
    void error(Position pos, std::string message) { diags_.error(pos, std::move(message)); }

    // Skips to just after the next ';' or past the next complete block at this level, or up
    // to (not past) a '}' that closes the enclosing block.
    void recover()
    {
        int depth = 0;
        // Test lists still open where the error was found: a ';' inside them does not end
        // the command.
        std::size_t parens = open_parens_;
        open_parens_ = 0;
        while (!at(TokenKind::End)) {
            const TokenKind k = cur().kind;
            if (k == TokenKind::LeftParen) {
                ++parens;
            } else if (k == TokenKind::RightParen) {
                parens -= parens > 0 ? 1 : 0;
            } else if (k == TokenKind::LeftBrace) {
                parens = 0;
                ++depth;
            } else if (k == TokenKind::RightBrace) {
                if (depth == 0) {
                    return;
                }
                if (--depth == 0) {
                    next();
                    return;
                }
            } else if (k == TokenKind::Semicolon && depth == 0 && parens == 0) {
                next();
                return;
            }
            next();
        }
    }

    void parse_command_into(std::vector<AstNode>& out, std::size_t depth)
    {
        if (!at(TokenKind::Identifier)) {
            error(cur().pos, "expected a command name but found " + describe_token(cur()));
            // Skip at least one token so the loop always advances.
            if (!at(TokenKind::RightBrace)) {
                next();
            }
            recover();
            return;
        }
        AstNode cmd;
        cmd.name = cur().text;
        cmd.pos = cur().pos;
        next();
        if (!parse_arguments(cmd, depth)) {
            recover();
            return;
        }
        if (at(TokenKind::Semicolon)) {
            next();
            out.push_back(std::move(cmd));
            return;
        }
        if (at(TokenKind::LeftBrace)) {
            if (depth + 1 > limits_.max_nesting) {
                error(cur().pos, "blocks nested deeper than " +
                                     std::to_string(limits_.max_nesting) + " levels");
                recover();
                return;
            }
            next();
            cmd.has_block = true;
            while (!at(TokenKind::RightBrace) && !at(TokenKind::End) && !diags_.full()) {
                parse_command_into(cmd.block, depth + 1);
            }
            if (!at(TokenKind::RightBrace)) {
                error(cmd.pos, "missing '}' to close the block of '" + cmd.name + "'");
                out.push_back(std::move(cmd));
                return;
            }
            cmd.block_end = cur().pos;
            next();
            out.push_back(std::move(cmd));
            return;
        }
        error(cur().pos, "expected ';' or a block '{' after command '" + cmd.name + "' but found " +
                             describe_token(cur()));
        recover();
    }

    // arguments = *argument [ test / test-list ]
    bool parse_arguments(AstNode& node, std::size_t depth)
    {
        while (true) {
            AstArgument arg;
            arg.pos = cur().pos;
            if (at(TokenKind::Number)) {
                arg.kind = AstArgument::Kind::Number;
                arg.number = cur().number;
                next();
            } else if (at(TokenKind::Tag)) {
                arg.kind = AstArgument::Kind::Tag;
                arg.tag = cur().text;
                next();
            } else if (at(TokenKind::String)) {
                arg.kind = AstArgument::Kind::String;
                arg.strings.push_back(AstString{cur().text, cur().pos, cur().multiline});
                next();
            } else if (at(TokenKind::LeftBracket)) {
                arg.kind = AstArgument::Kind::Strings;
                if (!parse_string_list(arg)) {
                    return false;
                }
            } else {
                break;
            }
            node.args.push_back(std::move(arg));
        }
        if (at(TokenKind::LeftParen)) {
            node.test_list = true;
            const Position open = cur().pos;
            next();
            ++open_parens_;
            while (true) {
                AstNode test;
                if (!parse_test(test, depth + 1)) {
                    return false;
                }
                node.tests.push_back(std::move(test));
                if (at(TokenKind::Comma)) {
                    next();
                    continue;
                }
                if (at(TokenKind::RightParen)) {
                    next();
                    --open_parens_;
                    break;
                }
                error(cur().pos, "expected ',' or ')' in the test list opened at line " +
                                     std::to_string(open.line) + " but found " +
                                     describe_token(cur()));
                return false;
            }
        } else if (at(TokenKind::Identifier)) {
            AstNode test;
            if (!parse_test(test, depth + 1)) {
                return false;
            }
            node.tests.push_back(std::move(test));
        }
        return true;
    }

    bool parse_test(AstNode& test, std::size_t depth)
    {
        if (depth > limits_.max_nesting) {
            error(cur().pos,
                  "tests nested deeper than " + std::to_string(limits_.max_nesting) + " levels");
            return false;
        }
        if (!at(TokenKind::Identifier)) {
            error(cur().pos, "expected a test name but found " + describe_token(cur()));
            return false;
        }
        test.name = cur().text;
        test.pos = cur().pos;
        next();
        return parse_arguments(test, depth);
    }

    bool parse_string_list(AstArgument& arg)
    {
        next();  // '['
        while (true) {
            if (!at(TokenKind::String)) {
                error(cur().pos,
                      "expected a string in the string list but found " + describe_token(cur()));
                return false;
            }
            arg.strings.push_back(AstString{cur().text, cur().pos, cur().multiline});
            next();
            if (at(TokenKind::Comma)) {
                next();
                continue;
            }
            if (at(TokenKind::RightBracket)) {
                next();
                return true;
            }
            error(cur().pos,
                  "expected ',' or ']' in the string list but found " + describe_token(cur()));
            return false;
        }
    }

    std::vector<Token> t_;
    std::size_t i_ = 0;
    Diagnostics& diags_;
    ParseLimits limits_;
    std::size_t open_parens_ = 0;
};

}  // namespace

AstScript parse_script(std::string_view script, Diagnostics& diags, ParseLimits limits)
{
    return Parser(tokenize(script, diags), diags, limits).run();
}

}  // namespace roost::sieve
