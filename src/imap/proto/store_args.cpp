// Parsers of STORE, COPY, MOVE and UID EXPUNGE.
#include "imap/proto/store_args.hpp"

#include "core/strings.hpp"

namespace roost::imap::proto {

Result<StoreArgs> parse_store(const Command& command)
{
    ArgReader r(command.args, command.name);
    StoreArgs out;
    out.uid = command.name.starts_with("UID ");
    auto set = r.sequence_set();
    if (!set) {
        return set.error();
    }
    out.set = std::move(*set);
    if (r.peek() != nullptr && r.peek()->kind == Arg::Kind::List) {
        ArgReader modifiers(r.take()->items, command.name);
        if (modifiers.at_end()) {
            return r.error("Empty STORE modifier list");
        }
        while (!modifiers.at_end()) {
            if (!modifiers.peek_atom("UNCHANGEDSINCE")) {
                return r.error("Unknown STORE modifier " +
                               describe(*modifiers.peek()).substr(0, 40));
            }
            modifiers.take();
            auto modseq = modifiers.mod_sequence("UNCHANGEDSINCE mod-sequence", true);
            if (!modseq) {
                return modseq.error();
            }
            out.unchanged_since = *modseq;
        }
    }
    auto item = r.atom("STORE data item");
    if (!item) {
        return item.error();
    }
    std::string name = to_upper(*item);
    if (!name.empty() && (name[0] == '+' || name[0] == '-')) {
        out.operation = name[0] == '+' ? StoreArgs::Operation::Add : StoreArgs::Operation::Remove;
        name.erase(0, 1);
    }
    if (name == "FLAGS.SILENT") {
        out.silent = true;
    } else if (name != "FLAGS") {
        return r.error("Unknown STORE data item " + item->substr(0, 40));
    }
    const Arg* first = r.peek();
    if (first == nullptr) {
        return r.missing("flags");
    }
    if (first->kind == Arg::Kind::List) {
        auto flags = parse_flag_list(*r.take(), r);
        if (!flags) {
            return flags.error();
        }
        out.flags = std::move(*flags);
    } else {
        while (!r.at_end()) {
            auto flag = parse_store_flag(*r.take(), r);
            if (!flag) {
                return flag.error();
            }
            out.flags.push_back(std::move(*flag));
        }
    }
    auto end = r.end();
    if (!end) {
        return end.error();
    }
    return out;
}

Result<CopyArgs> parse_copy(const Command& command, const ParseContext& context)
{
    ArgReader r(command.args, command.name);
    CopyArgs out;
    out.uid = command.name.starts_with("UID ");
    auto set = r.sequence_set();
    if (!set) {
        return set.error();
    }
    out.set = std::move(*set);
    auto mailbox = r.mailbox(context);
    if (!mailbox) {
        return mailbox.error();
    }
    out.mailbox = std::move(*mailbox);
    auto end = r.end();
    if (!end) {
        return end.error();
    }
    return out;
}

Result<UidExpungeArgs> parse_uid_expunge(const Command& command)
{
    ArgReader r(command.args, command.name);
    auto set = r.sequence_set();
    if (!set) {
        return set.error();
    }
    auto end = r.end();
    if (!end) {
        return end.error();
    }
    return UidExpungeArgs{std::move(*set)};
}

}  // namespace roost::imap::proto
