// Test helpers: run input through an ImapReceiver whole or in pieces and render the events as
// short strings, so every test can check that one-byte-at-a-time feeding gives the same events.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "imap/proto/imap_receiver.hpp"

namespace roost::imap::proto::testing {

// "CMD <tag> <NAME> <args>", "CONT <tag> <n>", "ERR <tag|*> <text>" (+ " FATAL"), "LINE <text>".
inline std::string render(const ReceiverEvent& event)
{
    if (const auto* c = std::get_if<CommandReady>(&event)) {
        return "CMD " + describe(c->command);
    }
    if (const auto* k = std::get_if<LiteralContinuation>(&event)) {
        return "CONT " + k->tag + " " + std::to_string(k->size);
    }
    if (const auto* e = std::get_if<ParseError>(&event)) {
        return "ERR " + (e->tag.empty() ? std::string("*") : e->tag) + " " + e->text +
               (e->fatal ? " FATAL" : "");
    }
    return "LINE " + std::get<LineReady>(event).line;
}

// Feeds `input` in pieces of `chunk` bytes (0: all at once), draining events after each.
// After IDLE, and after AUTHENTICATE without an initial response, one raw line is read.
inline std::vector<std::string> run(std::string_view input, std::size_t chunk = 0,
                                    ReceiverLimits limits = {},
                                    std::vector<Command>* commands = nullptr)
{
    ImapReceiver receiver(limits);
    std::vector<std::string> out;
    const std::size_t step = chunk == 0 ? std::max<std::size_t>(input.size(), 1) : chunk;
    for (std::size_t i = 0; i < input.size(); i += step) {
        receiver.feed(input.substr(i, step));
        while (auto event = receiver.next()) {
            out.push_back(render(*event));
            if (auto* c = std::get_if<CommandReady>(&*event)) {
                if (c->command.name == "IDLE" ||
                    (c->command.name == "AUTHENTICATE" && c->command.args.size() == 1)) {
                    receiver.expect_line();
                }
                if (commands != nullptr) {
                    commands->push_back(c->command);
                }
            }
        }
    }
    return out;
}

// Events of `input` fed whole, after checking that byte-at-a-time feeding (and 7-byte
// pieces) produce the same.
inline std::vector<std::string> run_both(std::string_view input, ReceiverLimits limits = {})
{
    const std::vector<std::string> whole = run(input, 0, limits);
    EXPECT_EQ(whole, run(input, 1, limits)) << "byte at a time differs for: " << input;
    EXPECT_EQ(whole, run(input, 7, limits)) << "7-byte pieces differ for: " << input;
    return whole;
}

// The single command `line` (CR LF added) holds, read whole and byte at a time; an empty
// command with name "<error>" and the error text as tag when the receiver refused it.
inline Command receive(std::string_view line, ReceiverLimits limits = {})
{
    const std::string input = std::string(line) + "\r\n";
    std::vector<Command> whole;
    std::vector<Command> bytes;
    const auto events = run(input, 0, limits, &whole);
    const auto events_bytes = run(input, 1, limits, &bytes);
    EXPECT_EQ(events, events_bytes) << "byte at a time differs for: " << line;
    if (whole.size() != 1) {
        Command failed;
        failed.name = "<error>";
        failed.tag = events.empty() ? "" : events.back();
        return failed;
    }
    return whole.front();
}

}  // namespace roost::imap::proto::testing
