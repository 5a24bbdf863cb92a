// TlsContext: real handshakes over a socket pair between OpenSSL clients and the server context.
#include "net/tls_context.hpp"

#include <gtest/gtest.h>

#include <memory>

#include "net/testing/test_certs.hpp"

namespace roost::net {
namespace {

using local = asio::local::stream_protocol;

using testing::make_cert;
using testing::Pem;

struct Handshake {
    bool server_ok = false;
    bool client_ok = false;
    TlsPeer peer;
};

// Runs one handshake; `client` is set up by the caller (versions, certificate).
Handshake handshake(TlsContext& server, asio::ssl::context& client)
{
    asio::io_context io;
    local::socket a(io);
    local::socket b(io);
    asio::local::connect_pair(a, b);
    asio::ssl::stream<local::socket> s(std::move(a), server.native());
    asio::ssl::stream<local::socket> c(std::move(b), client);
    Handshake h;
    s.async_handshake(asio::ssl::stream_base::server, [&](const boost::system::error_code& ec) {
        h.server_ok = !ec;
        if (!ec) {
            h.peer = tls_peer(s.native_handle(), "commonName");
        }
        if (ec) {
            s.next_layer().close();  // lets the client see the failure
        }
    });
    c.async_handshake(asio::ssl::stream_base::client, [&](const boost::system::error_code& ec) {
        h.client_ok = !ec;
        if (ec) {
            c.next_layer().close();
        }
    });
    io.run_for(std::chrono::seconds(10));
    return h;
}

class TlsContextTest : public ::testing::Test {
protected:
    Pem server_ = make_cert("mail.example.test");
    TlsSettings settings() const
    {
        TlsSettings s;
        s.cert_pem = server_.cert;
        s.key_pem = server_.key;
        return s;
    }
};

TEST_F(TlsContextTest, HandshakeWithDefaultsIsTls12OrNewer)
{
    auto server = TlsContext::create(settings());
    ASSERT_TRUE(server) << server.error().message;
    asio::ssl::context client(asio::ssl::context::tls_client);
    client.add_certificate_authority(asio::buffer(server_.cert));
    client.set_verify_mode(asio::ssl::verify_peer);
    const Handshake h = handshake(**server, client);
    EXPECT_TRUE(h.server_ok);
    EXPECT_TRUE(h.client_ok);
    EXPECT_EQ(h.peer.protocol, "TLSv1.3");
    EXPECT_FALSE(h.peer.cipher.empty());
    EXPECT_FALSE(h.peer.valid_client_cert);
    EXPECT_FALSE(h.peer.cert_user);
}

TEST_F(TlsContextTest, OlderProtocolsThanTheMinimumAreRefused)
{
    TlsSettings s = settings();
    s.min_protocol = "TLSv1.3";
    auto server = TlsContext::create(s);
    ASSERT_TRUE(server);
    asio::ssl::context client(asio::ssl::context::tls_client);
    SSL_CTX_set_max_proto_version(client.native_handle(), TLS1_2_VERSION);
    const Handshake h = handshake(**server, client);
    EXPECT_FALSE(h.server_ok);
    EXPECT_FALSE(h.client_ok);
}

TEST_F(TlsContextTest, EncryptedKeyNeedsItsPassword)
{
    const Pem locked = make_cert("locked.test", nullptr, "open sesame");
    TlsSettings s;
    s.cert_pem = locked.cert;
    s.key_pem = locked.key;
    s.key_password = "wrong";
    auto bad = TlsContext::create(s);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().message.rfind("ssl_key: ", 0), 0u) << bad.error().message;
    EXPECT_EQ(bad.error().message.find("open sesame"), std::string::npos);
    s.key_password = "open sesame";
    EXPECT_TRUE(TlsContext::create(s));
}

TEST_F(TlsContextTest, ErrorsNameTheSetting)
{
    TlsSettings s = settings();
    s.key_pem = make_cert("other.test").key;
    auto mismatch = TlsContext::create(s);
    ASSERT_FALSE(mismatch);
    EXPECT_EQ(mismatch.error().message.rfind("ssl_key: does not match ssl_cert", 0), 0u) << mismatch.error().message;

    s = settings();
    s.cert_pem = "not a certificate";
    auto garbage = TlsContext::create(s);
    ASSERT_FALSE(garbage);
    EXPECT_EQ(garbage.error().message.rfind("ssl_cert: ", 0), 0u);

    s = settings();
    s.min_protocol = "TLSv9";
    EXPECT_FALSE(TlsContext::create(s));
    s = settings();
    s.cipher_list = "NO-SUCH-CIPHER";
    auto cipher = TlsContext::create(s);
    ASSERT_FALSE(cipher);
    EXPECT_EQ(cipher.error().message.rfind("ssl_cipher_list: ", 0), 0u);

    EXPECT_FALSE(TlsContext::create(TlsSettings{}));
    s = settings();
    s.verify_client_cert = true;  // without ssl_ca
    EXPECT_FALSE(TlsContext::create(s));
}

TEST_F(TlsContextTest, ClientCertificatesAreVerifiedAndNamed)
{
    const Pem ca = make_cert("Roost Test CA");
    const Pem alice = make_cert("alice@example.test", &ca);
    const Pem stranger = make_cert("mallory@example.test");  // self-signed, not by the CA
    TlsSettings s = settings();
    s.verify_client_cert = true;
    s.require_crl = false;
    s.ca_pem = ca.cert;
    auto server = TlsContext::create(s);
    ASSERT_TRUE(server) << server.error().message;

    const auto client_with = [&](const Pem& who) {
        auto client = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_client);
        client->use_certificate_chain(asio::buffer(who.cert));
        client->use_private_key(asio::buffer(who.key), asio::ssl::context::pem);
        return client;
    };
    auto good = client_with(alice);
    const Handshake ok = handshake(**server, *good);
    ASSERT_TRUE(ok.server_ok);
    EXPECT_TRUE(ok.peer.valid_client_cert);
    EXPECT_EQ(ok.peer.cert_user, "alice@example.test");

    auto bad = client_with(stranger);
    const Handshake refused = handshake(**server, *bad);
    ASSERT_TRUE(refused.server_ok);  // the auth service decides, not the handshake
    EXPECT_FALSE(refused.peer.valid_client_cert);
    EXPECT_FALSE(refused.peer.cert_user);

    asio::ssl::context none(asio::ssl::context::tls_client);
    const Handshake anonymous = handshake(**server, none);
    EXPECT_TRUE(anonymous.server_ok);
    EXPECT_FALSE(anonymous.peer.valid_client_cert);
}

}  // namespace
}  // namespace roost::net
