// Parsing a roostadm verb's command line the same way for every verb: no abbreviated or sticky
// options (so "-pSECRET" typos are not read as something else), errors as "roostadm VERB: ...",
// and unknown options named without any value that came with them.
#pragma once

#include <boost/program_options.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace roost::tools::roostadm {

struct VerbArguments {
    boost::program_options::variables_map options;
    std::vector<std::string> words;  // the arguments that are not options, in order
};

// nullopt after printing the error and where to find help; the caller exits with kExitUsage.
// Verbs that take no words get an error for any.
std::optional<VerbArguments> parse_verb_arguments(std::string_view verb, std::span<char*> args,
                                                  const boost::program_options::options_description& table,
                                                  bool takes_words);

// -c's default: $ROOST_CONFIG, else the installed roost.conf.
std::string default_config();

}  // namespace roost::tools::roostadm
