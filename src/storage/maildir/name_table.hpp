// NameTable: a hash index from names to positions in a caller's array, for thousands of
// Maildir file names without a heap node or a string copy per name (4 bytes a slot, at most
// half full). The caller owns the names; `name_of(i)` gives the name at position i.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

namespace roost::storage::maildir {

class NameTable {
public:
    // Empties the table, sized for `expected` names.
    void reset(std::size_t expected)
    {
        std::size_t capacity = 16;
        while (capacity < expected * 2) {
            capacity *= 2;
        }
        slots_.assign(capacity, 0);
        count_ = 0;
    }

    std::size_t size() const { return count_; }

    // Empties the table and frees its slots (the next insert() allocates again).
    void release()
    {
        std::vector<std::uint32_t>().swap(slots_);
        count_ = 0;
    }

    static std::size_t hash(std::string_view name) { return std::hash<std::string_view>{}(name); }

    // The position whose name is `name`, if any.
    template <class NameOf>
    std::optional<std::uint32_t> find(std::string_view name, const NameOf& name_of) const
    {
        return find(name, hash(name), name_of);
    }
    // The same with hash(name) already computed (a caller looking in two tables).
    template <class NameOf>
    std::optional<std::uint32_t> find(std::string_view name, std::size_t name_hash,
                                      const NameOf& name_of) const
    {
        if (slots_.empty()) {
            return std::nullopt;
        }
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = name_hash & mask;; i = (i + 1) & mask) {
            const std::uint32_t slot = slots_[i];
            if (slot == 0) {
                return std::nullopt;
            }
            if (name_of(slot - 1) == name) {
                return slot - 1;
            }
        }
    }

    // Adds position `pos` under its name (which must not be in the table yet).
    template <class NameOf>
    void insert(std::uint32_t pos, const NameOf& name_of)
    {
        insert(pos, hash(name_of(pos)), name_of);
    }
    template <class NameOf>
    void insert(std::uint32_t pos, std::size_t name_hash, const NameOf& name_of)
    {
        if ((count_ + 1) * 2 > slots_.size()) {
            grow(name_of);
        }
        place(pos, name_hash);
        ++count_;
    }

    // Points the entry of the name at position `from` to position `to` (same name).
    template <class NameOf>
    void repoint(std::uint32_t from, std::uint32_t to, const NameOf& name_of)
    {
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = hash(name_of(from)) & mask; slots_[i] != 0; i = (i + 1) & mask) {
            if (slots_[i] == from + 1) {
                slots_[i] = to + 1;
                return;
            }
        }
    }

private:
    void place(std::uint32_t pos, std::size_t name_hash)
    {
        const std::size_t mask = slots_.size() - 1;
        std::size_t i = name_hash & mask;
        while (slots_[i] != 0) {
            i = (i + 1) & mask;
        }
        slots_[i] = pos + 1;
    }

    template <class NameOf>
    void grow(const NameOf& name_of)
    {
        std::vector<std::uint32_t> old = std::move(slots_);
        slots_.assign(old.empty() ? 16 : old.size() * 2, 0);
        for (const std::uint32_t slot : old) {
            if (slot != 0) {
                place(slot - 1, hash(name_of(slot - 1)));
            }
        }
    }

    std::vector<std::uint32_t> slots_;  // position + 1; 0 is empty
    std::size_t count_ = 0;
};

}  // namespace roost::storage::maildir
