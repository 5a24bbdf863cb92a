// :flags of keep and fileinto.
#include "sieve/store_flags.hpp"

#include "sieve/compiler.hpp"
#include "sieve/ext_imap4flags.hpp"
#include "sieve/runtime.hpp"

namespace roost::sieve {

void add_store_flag_tags(std::vector<TagDef>& tags)
{
    tags.push_back({"flags", ArgType::Strings, "imap4flags"});
}

std::optional<StoreFlags> read_store_flags(Compiler& c, const Args& args)
{
    StoreFlags out;
    if (const TagValue* t = args.tag("flags")) {
        auto list = c.string_list(*t->param);
        if (!list) {
            return std::nullopt;
        }
        out.given = true;
        out.flags = std::move(*list);
    }
    return out;
}

std::vector<std::string> StoreFlags::eval(Runtime& rt) const
{
    if (given) {
        return parse_flags(eval_list(flags, rt));
    }
    return rt.internal_flags();
}

}  // namespace roost::sieve
