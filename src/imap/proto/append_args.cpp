// Parser of APPEND.
#include "imap/proto/append_args.hpp"

#include "core/strings.hpp"
#include "imap/proto/imap_date.hpp"

namespace roost::imap::proto {

Result<AppendArgs> parse_append(Command&& command, const ParseContext& context)
{
    // The reader only reads; message bytes are moved out of the command by index.
    std::vector<Arg>& args = command.args;
    ArgReader r(args, command.name);
    AppendArgs out;
    auto mailbox = r.mailbox(context);
    if (!mailbox) {
        return mailbox.error();
    }
    out.mailbox = std::move(*mailbox);
    do {
        AppendMessage message;
        if (r.peek() != nullptr && r.peek()->kind == Arg::Kind::List) {
            auto flags = parse_flag_list(*r.take(), r);
            if (!flags) {
                return flags.error();
            }
            message.flags = std::move(*flags);
        }
        // A quoted string is the date-time when something follows it (the message).
        if (r.peek() != nullptr && r.peek()->kind == Arg::Kind::Quoted &&
            r.position() + 1 < args.size()) {
            auto date = parse_date_time(r.take()->value);
            if (!date) {
                return r.error("Invalid date-time");
            }
            message.internal_date = *date;
        }
        std::size_t data_index = r.position();
        if (r.peek_atom("UTF8")) {
            r.take();
            const Arg* wrapped = r.take();
            if (wrapped == nullptr || wrapped->kind != Arg::Kind::List ||
                wrapped->items.size() != 1 || wrapped->items[0].kind != Arg::Kind::Literal) {
                return r.error("UTF8 needs a literal in parentheses");
            }
            message.utf8 = true;
            message.binary = wrapped->items[0].literal8;
            message.data = std::move(args[data_index + 1].items[0].value);
        } else {
            const Arg* data = r.take();
            if (data == nullptr) {
                return r.missing("message literal");
            }
            if (data->kind != Arg::Kind::Literal) {
                return r.error("Message must be sent as a literal");
            }
            message.binary = data->literal8;
            message.data = std::move(args[data_index].value);
        }
        out.messages.push_back(std::move(message));
    } while (!r.at_end());
    return out;
}

}  // namespace roost::imap::proto
