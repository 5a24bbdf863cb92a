#include "core/base64.hpp"

#include <gtest/gtest.h>

namespace roost {
namespace {

TEST(Base64, Rfc4648Vectors)
{
    const std::pair<const char*, const char*> vectors[] = {
        {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"},
        {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
    };
    for (const auto& [plain, encoded] : vectors) {
        EXPECT_EQ(base64_encode(plain), encoded);
        EXPECT_EQ(base64_decode(encoded), plain);
    }
}

TEST(Base64, BinaryRoundTrip)
{
    std::string all;
    for (int i = 0; i < 256; ++i) {
        all += static_cast<char>(i);
    }
    EXPECT_EQ(base64_decode(base64_encode(all)), all);
    EXPECT_EQ(base64_decode(std::string("AGFsaWNlAHNlY3JldA==")), std::string("\0alice\0secret", 13));
}

TEST(Base64, GarbageIsRefused)
{
    for (const char* bad : {"Zm9", "Zm9v!", "Z===", "Zg=a", "Zh==", "====", "Zm9v\x80"}) {
        EXPECT_FALSE(base64_decode(bad).has_value()) << bad;
    }
    EXPECT_EQ(base64_decode("Zm9v\r\nYmFy"), "foobar");  // wrapped lines are fine
}

}  // namespace
}  // namespace roost
