// The services Roost runs and their default listeners.
#include "config/service_defaults.hpp"

#include "config/config_reader.hpp"

namespace roost::config {

std::string_view default_services_text()
{
    // Login processes hold no privileges: their own user, chrooted to base_dir/login, where only
    // the sockets they talk to live (login/login for auth, login/imap ... for the workers).
    // Unix socket paths are relative to base_dir.
    return R"(service imap-login {
  executable = imap-login
  type = login
  protocol = imap
  chroot = login
  service_count = 1
  inet_listener imap {
    port = 143
  }
  inet_listener imaps {
    port = 993
    ssl = yes
  }
}
service pop3-login {
  executable = pop3-login
  type = login
  protocol = pop3
  chroot = login
  service_count = 1
  inet_listener pop3 {
    port = 110
  }
  inet_listener pop3s {
    port = 995
    ssl = yes
  }
}
service managesieve-login {
  executable = managesieve-login
  type = login
  protocol = sieve
  chroot = login
  service_count = 1
  inet_listener sieve {
    port = 4190
  }
}
service submission-login {
  executable = submission-login
  type = login
  protocol = submission
  chroot = login
  service_count = 1
  inet_listener submission {
    port = 587
  }
  inet_listener submissions {
    port = 465
    ssl = yes
  }
}
service imap {
  executable = imap
  protocol = imap
  client_limit = 1
  process_limit = 1024
  unix_listener login/imap {
    mode = 0666
  }
}
service pop3 {
  executable = pop3
  protocol = pop3
  client_limit = 1
  process_limit = 1024
  unix_listener login/pop3 {
    mode = 0666
  }
}
service managesieve {
  executable = managesieve
  protocol = sieve
  client_limit = 1
  unix_listener login/sieve {
    mode = 0666
  }
}
service submission {
  executable = submission
  protocol = submission
  client_limit = 1
  process_limit = 1024
  unix_listener login/submission {
    mode = 0666
  }
}
service lmtp {
  executable = lmtp
  protocol = lmtp
  unix_listener lmtp {
    mode = 0666
  }
}
service auth {
  executable = auth
  client_limit = 1000
  process_limit = 1
  unix_listener auth-client {
    mode = 0600
  }
  unix_listener auth-login {
    mode = 0600
  }
  unix_listener login/login {
    mode = 0666
  }
  unix_listener auth-master {
    mode = 0600
  }
  unix_listener auth-userdb {
    mode = 0666
  }
}
)";
}

const std::vector<Section>& default_services()
{
    static const std::vector<Section> services = [] {
        MemoryFileSource text;
        text.add("<defaults>", std::string(default_services_text()));
        ReaderPolicy plain;
        plain.merges = [](std::string_view, std::string_view) { return true; };
        plain.is_filter = [](std::string_view) { return false; };
        plain.default_value = [](std::string_view) { return std::optional<std::string>(); };
        return read_config("<defaults>", text, plain).root.children;
    }();
    return services;
}

const Section* default_service(std::string_view name)
{
    for (const Section& s : default_services()) {
        if (s.name == name) {
            return &s;
        }
    }
    return nullptr;
}

}  // namespace roost::config
