// Large buffers: asking the kernel for huge pages where it grants them on request.
#pragma once

#include <cstddef>
#include <vector>

namespace nara {

// Advises the kernel to back [data, data + bytes) with transparent huge pages (Linux
// madvise MADV_HUGEPAGE; a no-op elsewhere, for small ranges, or when refused). On
// machines where a page fault is expensive — virtual machines above all — filling a
// column of millions of values costs hundreds of faults instead of tens of thousands.
void AdviseHugePages(const void* data, size_t bytes);

// reserve(n) on a vector, then the advice above for its storage.
template <typename T>
void ReserveLarge(std::vector<T>* v, size_t n) {
  v->reserve(n);
  AdviseHugePages(v->data(), v->capacity() * sizeof(T));
}

}  // namespace nara
