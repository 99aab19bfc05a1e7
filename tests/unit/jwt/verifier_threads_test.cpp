// A verifier and its verified tokens shared between threads (src/jwt/verifier.cpp,
// src/jwt/token_storage.*). Its own executable, labelled `threads`, so that the ThreadSanitizer
// stage runs it beside the service's tests.
#include <array>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <boost/json/object.hpp>

#include <tessera/jwt.hpp>

#include "support/clock.hpp"
#include "support/tokens.hpp"

namespace {

using tessera::claims;
using tessera::test::default_now;
using tessera::test::hs256_options;
using tessera::test::hs256_token;
using tessera::test::make_verifier;
namespace json = boost::json;

TEST(VerifierThreads, OneVerifierSharedByTwoThreads) {
  constexpr int per_thread = 10000;
  auto options = hs256_options();
  options.audience = {"api"};
  options.required = {tessera::claim::exp, tessera::claim::sub};
  const auto v = make_verifier(options);
  const auto key = tessera::test::test_signing_key();

  std::vector<std::vector<std::string>> tokens(2);
  for (int t = 0; t < 2; ++t) {
    for (int i = 0; i < per_thread; ++i) {
      const auto c = claims{}
                         .subject("user-" + std::to_string(t) + "-" + std::to_string(i))
                         .audience("api")
                         .expires_at(tessera::test::time_at(default_now + 60 + i));
      tokens[static_cast<std::size_t>(t)].push_back(tessera::encode(c, key).value());
    }
  }
  std::atomic<int> verified{0};
  std::atomic<int> wrong_subject{0};
  const auto work = [&](int t) {
    for (int i = 0; i < per_thread; ++i) {
      const auto r = v.verify(tokens[static_cast<std::size_t>(t)][static_cast<std::size_t>(i)]);
      if (!r) continue;
      ++verified;
      if (r->claims().subject() != "user-" + std::to_string(t) + "-" + std::to_string(i)) {
        ++wrong_subject;
      }
    }
  };
  std::thread a(work, 0);
  std::thread b(work, 1);
  a.join();
  b.join();
  EXPECT_EQ(verified.load(), 2 * per_thread);
  EXPECT_EQ(wrong_subject.load(), 0);
}

TEST(VerifiedView, ObjectsBuiltOnceUnderConcurrentReaders) {
  const auto v = make_verifier();
  const auto token = v.verify(hs256_token(R"({"sub":"s","role":"admin","n":1,"list":[1,2,3]})"))
                         .value();  // shared by copy, as a service's cache shares it
  constexpr int readers = 4;
  std::array<const json::object*, readers> claims{};
  std::array<const json::object*, readers> headers{};
  std::vector<std::thread> threads;
  for (int i = 0; i < readers; ++i) {
    threads.emplace_back([copy = token, i, &claims, &headers] {
      // Half ask for the header first, half for the claims: both are built by whichever is first.
      if (i % 2 == 0) {
        headers[static_cast<std::size_t>(i)] = &copy.header();
        claims[static_cast<std::size_t>(i)] = &copy.claims().members();
      } else {
        claims[static_cast<std::size_t>(i)] = &copy.claims().members();
        headers[static_cast<std::size_t>(i)] = &copy.header();
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int i = 1; i < readers; ++i) {
    EXPECT_EQ(claims[static_cast<std::size_t>(i)], claims[0]);
    EXPECT_EQ(headers[static_cast<std::size_t>(i)], headers[0]);
  }
  EXPECT_EQ(claims[0]->at("role").as_string(), "admin");
  EXPECT_EQ(headers[0]->at("alg").as_string(), "HS256");
}

}  // namespace
