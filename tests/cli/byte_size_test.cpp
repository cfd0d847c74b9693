// --max-file-size values: plain bytes, K/M/G/T suffixes (powers of 1024), and clear errors.
#include "byte_size.hpp"

#include <catch2/catch.hpp>

using vigil::cli::parse_byte_size;

TEST_CASE("byte size: plain numbers and suffixes") {
  CHECK(parse_byte_size("1").value() == 1);
  CHECK(parse_byte_size("1048576").value() == 1048576);
  CHECK(parse_byte_size("512K").value() == 512u << 10);
  CHECK(parse_byte_size("512k").value() == 512u << 10);
  CHECK(parse_byte_size("10M").value() == 10u << 20);
  CHECK(parse_byte_size("10MB").value() == 10u << 20);
  CHECK(parse_byte_size("10MiB").value() == 10u << 20);
  CHECK(parse_byte_size("1G").value() == 1ull << 30);
  CHECK(parse_byte_size("2T").value() == 2ull << 40);
  CHECK(parse_byte_size("100B").value() == 100);
}

TEST_CASE("byte size: errors name the input") {
  for (const char* bad : {"", "M", "-1", "0", "0K", "10Q", "10MBx", "1.5G", " 10", "10 M",
                          "18446744073709551616", "17179869184G"}) {
    INFO(bad);
    auto r = parse_byte_size(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find(std::string("'") + bad + "'") != std::string::npos);
  }
  CHECK(parse_byte_size("16777215T").ok());
}
