// The random bit generators of the library and its tools, written once:
// xoshiro256** 1.0 (Blackman and Vigna) and SplitMix64 to seed it. Our own
// rather than <random>'s distributions, whose output differs between standard
// libraries, so that a seed gives the same numbers everywhere.
//
// Thread safety: a generator is a plain value; give each thread its own.
#ifndef ISMS_LIB_XOSHIRO_H_
#define ISMS_LIB_XOSHIRO_H_

#include <cstdint>

namespace isms::internal {

inline uint64_t RotateLeft(uint64_t x, int k) {
  return (x << k) | (x >> (64 - k));
}

// The SplitMix64 finaliser: a bijection of 64-bit words that spreads every
// input bit over the output.
inline uint64_t Mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// The next word of the SplitMix64 sequence at *state.
inline uint64_t SplitMix64(uint64_t* state) {
  return Mix64(*state += 0x9E3779B97F4A7C15ull);
}

class Xoshiro256StarStar {
 public:
  // `state` must not be all zeros.
  explicit Xoshiro256StarStar(const uint64_t (&state)[4])
      : s_{state[0], state[1], state[2], state[3]} {}

  uint64_t Next() {
    const uint64_t result = RotateLeft(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = RotateLeft(s_[3], 45);
    return result;
  }

 private:
  uint64_t s_[4];
};

}  // namespace isms::internal

#endif  // ISMS_LIB_XOSHIRO_H_
