// The HMM of jieba.posseg: states are (position, tag) pairs such as ('B', 'n'), and decoding a
// run of Han characters gives each character a position in its word (B, M, E, S) and the word a
// tag. Used for runs of characters that are not dictionary words.
#ifndef KWX_DICT_POS_MODEL_H_
#define KWX_DICT_POS_MODEL_H_

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kwx/status.h"
#include "util/array_ref.h"
#include "util/char_class.h"
#include "util/mapped_file.h"

namespace kwx::internal {

// The tables of posseg's char_state_tab, prob_start, prob_trans and prob_emit.
//
// States are numbered in the order Python compares their (position, tag) tuples, so that
// "a tie goes to the greater tuple" (jieba's max() over (prob, state) pairs) is "a tie goes to
// the higher number". The tables either own their arrays (parsed from text) or view a compiled
// file's sections (whose mapping `mapping` keeps alive).
struct PosModel {
  static constexpr std::size_t kMaxStates = 256;  // state numbers are bytes
  static constexpr std::size_t kBitsetWords = kMaxStates / 64;
  static constexpr std::size_t kHanCount = kHanLast - kHanFirst + 1;
  using StateSet = std::array<std::uint64_t, kBitsetWords>;

  // Per state: its position letter ('B', 'E', 'M' or 'S'), its tag (tag_bytes[tag_offsets[s],
  // tag_offsets[s + 1])) and its start log-probability.
  ArrayRef<char> positions;
  ArrayRef<std::uint32_t> tag_offsets;  // states + 1 entries
  ArrayRef<char> tag_bytes;
  ArrayRef<double> start;
  // The transitions into each state y: into_from/into_prob[into_begin[y], into_begin[y + 1]),
  // the predecessor and log-probability, in increasing predecessor order.
  ArrayRef<std::uint32_t> into_begin;  // states + 1 entries
  ArrayRef<std::uint8_t> into_from;
  ArrayRef<double> into_prob;
  // Per Han character (code point - kHanFirst): the states char_state_tab allows for it,
  // char_states[char_begin[c], char_begin[c + 1]) in increasing order (empty: the character is not
  // in the table, and every state is allowed), and its emission log-probabilities,
  // emit_state/emit_prob[emit_begin[c], emit_begin[c + 1]) in increasing state order (a state not
  // listed emits it with kMinFloat).
  ArrayRef<std::uint32_t> char_begin;  // kHanCount + 1 entries
  ArrayRef<std::uint8_t> char_states;
  ArrayRef<std::uint32_t> emit_begin;  // kHanCount + 1 entries
  ArrayRef<std::uint8_t> emit_state;
  ArrayRef<double> emit_prob;

  // Derived when the tables are set (Finish): the states with at least one transition out
  // (jieba's `len(trans_p[x]) > 0`), each state's successors, and the set of all states.
  StateSet has_successors{};
  std::vector<StateSet> successors;
  StateSet all_states{};
  // Every transition as a dense matrix, into_dense[y * states + y0] (-inf where jieba's
  // trans_p[y0] has no y): the decoder's inner loop reads a row with no search or test. Derived
  // by Finish, or a compiled file's section (size-checked; its values are the checksum's and the
  // self-test's to vouch for): half a MiB that a start would otherwise allocate and fill, a
  // third of a start-up's page faults.
  ArrayRef<double> into_dense;
  // Per state y, the greatest log-probability of a transition into it (-inf: none).
  std::vector<double> into_max;
  // Every start, transition and emission value is <= 0 (as log-probabilities are; NaN is not),
  // so that no score is ever NaN and the decoder may skip predecessors that cannot win.
  bool log_probs_only = false;

  std::shared_ptr<const MappedFile> mapping;

  std::size_t state_count() const { return start.size(); }
  std::string_view Tag(std::size_t state) const {
    return {tag_bytes.data() + tag_offsets[state], tag_offsets[state + 1] - tag_offsets[state]};
  }

  // Checks every size, index and order the decoder relies on, then derives the successor sets.
  // `name` is used in errors. Every constructed PosModel passes through here.
  Status Finish(const std::string& name);

  // Parses kwx's text form of the tables (data/jieba_posseg_to_text.py writes it from jieba's
  // posseg/*.py): '#' lines and blank lines ignored;
  //   state POS TAG START        one per state, before anything that names a state
  //   trans POS TAG POS TAG P    a transition from the first state to the second
  //   emit POS TAG c:P,c:P,...   the state's emissions (one or more lines per state)
  //   char c POS TAG POS TAG ... the states char_state_tab allows for character c
  // Numbers are decimal doubles (read back bit-exact); fields are separated by one space.
  static StatusOr<std::shared_ptr<const PosModel>> Parse(std::string_view text,
                                                         const std::string& name);
};

}  // namespace kwx::internal

#endif  // KWX_DICT_POS_MODEL_H_
