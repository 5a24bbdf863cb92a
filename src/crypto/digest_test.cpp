// Known-answer tests for the digests (RFC 1321 appendix A.5, FIPS 180-2 appendix examples).
#include "crypto/digest.hpp"

#include <gtest/gtest.h>

#include "crypto/test_support.hpp"

namespace roost::crypto {
namespace {

using test::hex;

TEST(Digest, KnownAnswersForAbc)
{
    EXPECT_EQ(hex(digest(DigestAlgorithm::Md5, "abc")), "900150983cd24fb0d6963f7d28e17f72");
    EXPECT_EQ(hex(digest(DigestAlgorithm::Sha1, "abc")),
              "a9993e364706816aba3e25717850c26c9cd0d89d");
    EXPECT_EQ(hex(digest(DigestAlgorithm::Sha256, "abc")),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(hex(digest(DigestAlgorithm::Sha512, "abc")),
              "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
              "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
}

TEST(Digest, EmptyInput)
{
    EXPECT_EQ(hex(digest(DigestAlgorithm::Md5, "")), "d41d8cd98f00b204e9800998ecf8427e");
    EXPECT_EQ(hex(digest(DigestAlgorithm::Sha1, "")), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    EXPECT_EQ(hex(digest(DigestAlgorithm::Sha256, ByteView{})),
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Digest, SizesAndNames)
{
    EXPECT_EQ(digest_size(DigestAlgorithm::Md5), 16U);
    EXPECT_EQ(digest_size(DigestAlgorithm::Sha1), 20U);
    EXPECT_EQ(digest_size(DigestAlgorithm::Sha256), 32U);
    EXPECT_EQ(digest_size(DigestAlgorithm::Sha512), 64U);
    EXPECT_EQ(digest_name(DigestAlgorithm::Sha256), "SHA256");
}

TEST(Hasher, PiecesGiveTheSameDigestAsOneShot)
{
    const std::string msg = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    for (auto alg : {DigestAlgorithm::Md5, DigestAlgorithm::Sha1, DigestAlgorithm::Sha256,
                     DigestAlgorithm::Sha512}) {
        Hasher h(alg);
        h.update(std::string_view(msg).substr(0, 7));
        h.update(std::string_view(msg).substr(7));
        EXPECT_EQ(hex(h.finish()), hex(digest(alg, msg))) << digest_name(alg);
    }
    Hasher sha1(DigestAlgorithm::Sha1);
    sha1.update(msg);
    EXPECT_EQ(hex(sha1.finish()), "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
}

TEST(Hasher, SecondFinishIsAnError)
{
    Hasher h(DigestAlgorithm::Sha256);
    h.update("x");
    ASSERT_TRUE(h.finish().ok());
    EXPECT_FALSE(h.finish().ok());
}

TEST(Hasher, Movable)
{
    Hasher a(DigestAlgorithm::Md5);
    a.update("a");
    Hasher b = std::move(a);
    b.update("bc");
    EXPECT_EQ(hex(b.finish()), "900150983cd24fb0d6963f7d28e17f72");
}

}  // namespace
}  // namespace roost::crypto
