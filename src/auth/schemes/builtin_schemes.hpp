// Internal to the schemes folder: each scheme family's file adds its schemes to a registry.
#pragma once

#include "auth/schemes/scheme_registry.hpp"

namespace roost::auth {

void add_plain_schemes(SchemeRegistry& registry);         // plain_schemes.cpp
void add_digest_schemes(SchemeRegistry& registry);        // digest_schemes.cpp
void add_salted_digest_schemes(SchemeRegistry& registry); // salted_digest_schemes.cpp
void add_crypt_schemes(SchemeRegistry& registry);         // crypt_schemes.cpp
void add_argon2_schemes(SchemeRegistry& registry);        // argon2_schemes.cpp
void add_pbkdf2_scheme(SchemeRegistry& registry);         // pbkdf2_scheme.cpp
void add_scram_schemes(SchemeRegistry& registry);         // scram_scheme.cpp
void add_cram_md5_scheme(SchemeRegistry& registry);       // cram_md5.cpp
void add_digest_md5_scheme(SchemeRegistry& registry);     // digest_md5.cpp

}  // namespace roost::auth
