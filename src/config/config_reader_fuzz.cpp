// libFuzzer target: any bytes as a config file (with an include) through reading, validation,
// effective-value lookups and dumping. Nothing may crash, hang or leak.
#include <cstddef>
#include <cstdint>
#include <string>

#include "config/config.hpp"
#include "config/dump.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace roost::config;
    const std::string text(reinterpret_cast<const char*>(data), size);
    // The first half is the main file, the rest a file it may include as "inc.conf".
    const std::size_t half = text.size() / 2;
    MemoryFileSource files;
    files.add("/f/roost.conf", text.substr(0, half) + "\n!include_try inc.conf\n");
    files.add("/f/inc.conf", text.substr(half));
    LoadResult r = load_config("/f/roost.conf", files);
    if (r.ok()) {
        const Config& c = *r.config;
        (void)c.get("mail_location", {.protocol = "imap", .remote_ip = "10.1.2.3"});
        (void)c.plugin("sieve", {.protocol = "lda"});
        for (DumpMode mode : {DumpMode::NonDefault, DumpMode::All}) {
            DumpOptions o;
            o.mode = mode;
            (void)render_text(build_dump(c, o), "");
        }
    }
    return 0;
}
