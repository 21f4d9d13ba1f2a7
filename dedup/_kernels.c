/* Compiled twins of the hottest numpy and Python loops of tokenising, signing, scoring and aligning (optional).
 *
 * Each function here computes exactly what a numpy function of dedup computes, bit for bit: the
 * tabulation hash of tokens (dedup.tokens.hash_spans), sentence starts (dedup.tokens._sentence_starts),
 * word n-gram hashes (dedup.shingles.batch_ngrams), MinHash by fast similarity sketching
 * (dedup.signatures.minhash_units) and LSH band keys (dedup.banding.band_keys), and the whole of a
 * channel's signing from the tokens to the band keys (dedup.signing.signing_masks and sign_channel), the
 * hashed columns of a document's sentence features (dedup.hashing.bag_keys and char_keys, MurmurHash3 as
 * scikit-learn's FeatureHasher), a sentence table's entries (dedup.sentence_tables.prepare), the overlap of
 * two sorted hash arrays (dedup.evidence._overlap), a pair's shared passages and their spread
 * (dedup.passages.passage_measures, dedup.evidence._partners), the runs of 5-grams two texts share word for
 * word (dedup.evidence.shared_runs), an ASCII text's figures and sentences with
 * numbers (dedup.figure_sets._figure_set, dedup.refilled.slot_sentences), difflib's ratio of a link's tokens
 * (dedup.link_kinds._edit_ratio), each document's distinct hashes of a batch (dedup.exact_sets._unique_runs), one
 * pair's sentence scores and its merges' and splits' scores (dedup.sentence_scores._pair_scores,
 * group_links), and a plain text's words, names and figures (dedup.hashing._words,
 * dedup.sentence_tables.sentence_tokens).
 * The numpy code stays the reference and the fallback when this module is not built; tests compare the two.
 *
 * Why: numpy does these in several passes over temporary arrays, and on one article at a time (what
 * ingest pays) most of the cost is the per-call overhead of dozens of small array operations. Every
 * function takes numpy arrays through the buffer protocol and writes into arrays the caller allocated.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>
#include <math.h>

#define M1 0xBF58476D1CE4E5B9ULL
#define M2 0x94D049BB133111EBULL
#define GOLDEN 0x9E3779B97F4A7C15ULL
#define ROUND_STEP GOLDEN  /* signatures._ROUND_STEP: SplitMix64's increment */
#define EMPTY 0xFFFFFFFFu

static inline uint64_t mix64(uint64_t x) {
    x ^= x >> 30;
    x *= M1;
    x ^= x >> 27;
    x *= M2;
    return x ^ (x >> 31);
}

static int check(Py_buffer *b, Py_ssize_t itemsize, Py_ssize_t count, const char *what) {
    if (b->itemsize != itemsize || b->len != itemsize * count) {
        PyErr_Format(PyExc_ValueError, "%s: expected %zd items of %zd bytes", what, count, itemsize);
        return 0;
    }
    return 1;
}

/* What a kernel returns once its loop is done: IndexError(msg) when the loop met input out of range
   (NULL, the error set), else None or its count. */
static PyObject *index_error(const char *msg) {
    PyErr_SetString(PyExc_IndexError, msg);
    return NULL;
}

static PyObject *none(void) { Py_RETURN_NONE; }

/* A bitmap of a sorted table's low bits, to answer most lookups without the binary search. */
typedef struct {
    uint64_t *bits;
    uint64_t mask;
} bitmap_t;

static int bitmap_build(bitmap_t *b, const uint64_t *table, Py_ssize_t t, Py_ssize_t lookups) {
    if (lookups < t) {  /* fewer lookups than entries: building the bitmap would cost more than it saves */
        b->bits = NULL;
        b->mask = 0;
        return 1;
    }
    int shift = 12;
    while (shift < 24 && ((Py_ssize_t)1 << shift) < 16 * t) shift++;
    b->mask = ((uint64_t)1 << shift) - 1;
    b->bits = PyMem_RawCalloc(((size_t)1 << shift) / 64, 8);
    if (!b->bits) return 0;
    for (Py_ssize_t i = 0; i < t; i++) b->bits[(table[i] & b->mask) >> 6] |= (uint64_t)1 << (table[i] & 63);
    return 1;
}

static inline int bitmap_has(const bitmap_t *b, const uint64_t *table, Py_ssize_t t, uint64_t x) {
    if (b->bits && !(b->bits[(x & b->mask) >> 6] >> (x & 63) & 1)) return 0;
    Py_ssize_t lo = 0, hi = t;
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (table[mid] < x) lo = mid + 1; else hi = mid;
    }
    return lo < t && table[lo] == x;
}

/* hash_spans(raw: uint8, starts: int32, ends: int32, table: uint64[8192], out: uint64) */
static PyObject *hash_spans(PyObject *self, PyObject *args) {
    Py_buffer raw, starts, ends, table, out;
    if (!PyArg_ParseTuple(args, "y*y*y*y*w*", &raw, &starts, &ends, &table, &out)) return NULL;
    PyObject *result = NULL;
    Py_ssize_t n = starts.len / 4;
    if (!check(&starts, 4, n, "starts") || !check(&ends, 4, n, "ends") || !check(&table, 8, 32 * 256, "table") ||
        !check(&out, 8, n, "out"))
        goto done;
    const uint8_t *r = raw.buf;
    const int32_t *s = starts.buf, *e = ends.buf;
    const uint64_t *t = table.buf;
    uint64_t *o = out.buf;
    int bad = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < n && !bad; i++) {
        if (s[i] < 0 || e[i] < s[i] || e[i] > raw.len) {
            bad = 1;
            break;
        }
        uint64_t sum = 0;
        for (int32_t p = s[i]; p < e[i]; p++) {
            uint8_t b = r[p];
            b += (uint8_t)((uint8_t)(b - 'A') < 26) * 32;  /* ASCII lower-casing, as tokens._lower */
            sum += t[((uint32_t)(p - s[i]) & 31u) << 8 | b];
        }
        o[i] = mix64(sum ^ ((uint64_t)(e[i] - s[i]) * M2));
    }
    Py_END_ALLOW_THREADS
    result = bad ? index_error("token span outside the bytes") : none();
done:
    PyBuffer_Release(&raw); PyBuffer_Release(&starts); PyBuffer_Release(&ends); PyBuffer_Release(&table);
    PyBuffer_Release(&out);
    return result;
}

/* sentence_starts(raw: uint8, starts: int32, ends: int32, capitalised: bool, out: bool) */
static PyObject *sentence_starts(PyObject *self, PyObject *args) {
    Py_buffer raw, starts, ends, cap, out;
    if (!PyArg_ParseTuple(args, "y*y*y*y*w*", &raw, &starts, &ends, &cap, &out)) return NULL;
    PyObject *result = NULL;
    Py_ssize_t n = starts.len / 4;
    if (!check(&starts, 4, n, "starts") || !check(&ends, 4, n, "ends") || !check(&cap, 1, n, "capitalised") ||
        !check(&out, 1, n, "out"))
        goto done;
    const uint8_t *r = raw.buf, *c = cap.buf;
    const int32_t *s = starts.buf, *e = ends.buf;
    uint8_t *o = out.buf;
    int bad = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < n; i++) {
        if (i == 0) { o[0] = 1; continue; }
        /* full stops and line breaks are never word bytes: any between the two tokens lies after the
           end of the one before (or nowhere, where two character pairs overlap) */
        int32_t lo = e[i - 1] < s[i] ? e[i - 1] : s[i], hi = s[i];
        if (lo < 0 || hi > raw.len) {
            bad = 1;
            break;
        }
        int stop = 0, brk = 0;
        for (int32_t p = lo; p < hi; p++) {
            uint8_t b = r[p];
            brk |= b == '\n';
            stop |= b == '.' || b == '!' || b == '?';
        }
        int abbrev = c[i - 1] && e[i - 1] - s[i - 1] <= 3;
        o[i] = brk || (stop && !abbrev);
    }
    Py_END_ALLOW_THREADS
    result = bad ? index_error("token span outside the bytes") : none();
done:
    PyBuffer_Release(&raw); PyBuffer_Release(&starts); PyBuffer_Release(&ends); PyBuffer_Release(&cap);
    PyBuffer_Release(&out);
    return result;
}

/* The hash of the word n-gram opening at h (1 <= n <= 9: the rotations by 7k bits stay inside a word):
   shingles.ngram_hashes, where a 1-gram is the word's own hash. */
static inline uint64_t ngram_hash(const uint64_t *h, int n) {
    if (n == 1) return h[0];
    uint64_t acc = h[0];
    for (int k = 1; k < n; k++) {
        uint64_t part = h[k];
        acc = acc * GOLDEN + ((part << (k * 7)) | (part >> (64 - k * 7)));
    }
    return mix64(acc);
}

/* batch_ngrams(hashes: uint64, offsets: int64, n, grams_out: uint64, idx_out: int64) -> count
   (2 <= n <= 9: the rotations by 7k bits stay inside a word) */
static PyObject *batch_ngrams(PyObject *self, PyObject *args) {
    Py_buffer hashes, offsets, grams, idx;
    int n;
    if (!PyArg_ParseTuple(args, "y*y*iw*w*", &hashes, &offsets, &n, &grams, &idx)) return NULL;
    PyObject *result = NULL;
    Py_ssize_t len = hashes.len / 8, docs = offsets.len / 8 - 1, cap = grams.len / 8, count = 0;
    const uint64_t *h = hashes.buf;
    const int64_t *off = offsets.buf;
    uint64_t *g = grams.buf;
    int64_t *x = idx.buf;
    if (n < 2 || n > 9 || hashes.itemsize != 8 || offsets.itemsize != 8 || docs < 0 || idx.len != grams.len) {
        PyErr_SetString(PyExc_ValueError, "batch_ngrams: bad arguments");
        goto done;
    }
    int bad = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t d = 0; d < docs && !bad; d++) {
        int64_t lo = off[d], hi = off[d + 1];
        if (lo < 0 || hi > len || hi < lo) {
            bad = 1;
            break;
        }
        for (int64_t i = lo; i + n <= hi; i++) {
            if (count >= cap) {
                bad = 1;
                break;
            }
            g[count] = ngram_hash(h + i, n);
            x[count++] = i;
        }
    }
    Py_END_ALLOW_THREADS
    result = bad ? index_error("batch_ngrams: offsets outside the hashes or output too small") : PyLong_FromSsize_t(count);
done:
    PyBuffer_Release(&hashes); PyBuffer_Release(&offsets); PyBuffer_Release(&grams); PyBuffer_Release(&idx);
    return result;
}

/* minhash(shingles: uint64, units: int64, seed_mix, num_perm, sig: uint32)
   sig holds n_units * num_perm values on entry (EMPTY). Fast similarity sketching as
   signatures._sketch does it: the shingles are grouped by unit (a counting sort), then each unit runs
   its rounds until its bins are full; round r hashes a shingle's first hash b as mix64(b + r * step). */
static inline void sketch_unit(const uint64_t *b, Py_ssize_t n, uint32_t *row, int k) {
    /* each bin's least (round << 32) | value, as signatures._sketch keeps it: a bin keeps the first round
       that reaches it, and that round's least value. Taken with a conditional move, not branches on
       whether the bin is empty and filled this round: those branches went either way at random, and the
       mispredictions cost most of the sketch of a short unit (a passage window's dozen shingles run
       dozens of rounds). */
    uint64_t key[1024];
    for (int j = 0; j < k; j++) key[j] = UINT64_MAX;
    int left = k;
    for (int r = 0; r < k && left; r++) {
        uint64_t add = (uint64_t)r * ROUND_STEP, high = (uint64_t)r << 32;
        for (Py_ssize_t i = 0; i < n; i++) {
            uint64_t h = r ? mix64(b[i] + add) : b[i];
            uint32_t bin = (uint32_t)(((h >> 32) * (uint64_t)k) >> 32);
            uint64_t cand = high | (h & 0xFFFFFFFEull), old = key[bin];
            left -= old == UINT64_MAX;
            key[bin] = cand < old ? cand : old;
        }
    }
    for (int j = 0; j < k; j++) row[j] = key[j] == UINT64_MAX ? EMPTY : (uint32_t)key[j];
    for (int j = 0; j < k && left; j++) {  /* round k + j: every shingle into bin j */
        if (row[j] != EMPTY) continue;
        uint64_t add = (uint64_t)(k + j) * ROUND_STEP;
        uint32_t least = EMPTY;
        for (Py_ssize_t i = 0; i < n; i++) {
            uint32_t value = (uint32_t)(mix64(b[i] + add) & 0xFFFFFFFEull);
            if (value < least) least = value;
        }
        row[j] = least;
        left--;
    }
}

static PyObject *minhash(PyObject *self, PyObject *args) {
    Py_buffer shingles, units, sig;
    unsigned long long seed_mix;
    int k;
    if (!PyArg_ParseTuple(args, "y*y*Kiw*", &shingles, &units, &seed_mix, &k, &sig)) return NULL;
    PyObject *result = NULL;
    Py_ssize_t m = shingles.len / 8, cells = sig.len / 4, rows = k > 0 ? cells / k : 0;
    Py_ssize_t *start = NULL;
    uint64_t *grouped = NULL;
    if (k < 1 || k > 1024) {
        PyErr_SetString(PyExc_ValueError, "minhash: 1 to 1024 bins");
        goto done;
    }
    if (!check(&shingles, 8, m, "shingles") || !check(&units, 8, m, "units") || !check(&sig, 4, rows * k, "sig"))
        goto done;
    start = PyMem_RawCalloc((size_t)rows + 2, sizeof(Py_ssize_t));
    grouped = PyMem_RawMalloc((size_t)(m ? m : 1) * sizeof(uint64_t));
    if (!start || !grouped) {
        PyErr_NoMemory();
        goto done;
    }
    const uint64_t *sh = shingles.buf;
    const int64_t *un = units.buf;
    uint32_t *out = sig.buf;
    int bad = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < m && !bad; i++) {
        if (un[i] < 0 || un[i] >= rows) bad = 1;
        else start[un[i] + 2]++;
    }
    if (!bad) {
        for (Py_ssize_t u = 2; u < rows + 2; u++) start[u] += start[u - 1];
        /* start[u + 1] is where unit u's shingles go; after the scatter it is where they end */
        for (Py_ssize_t i = 0; i < m; i++) grouped[start[un[i] + 1]++] = mix64(sh[i] ^ (uint64_t)seed_mix);
        for (Py_ssize_t u = 0; u < rows; u++)
            if (start[u + 1] > start[u]) sketch_unit(grouped + start[u], start[u + 1] - start[u], out + u * k, k);
    }
    Py_END_ALLOW_THREADS
    result = bad ? index_error("minhash: a shingle's unit out of range") : none();
done:
    PyMem_RawFree(start); PyMem_RawFree(grouped);
    PyBuffer_Release(&shingles); PyBuffer_Release(&units); PyBuffer_Release(&sig);
    return result;
}

/* One signature's band keys: band b's rows folded into one hash, the band's number mixed in. */
static inline void band_row(const uint32_t *sig, int bands, int rows, uint64_t *out) {
    for (int b = 0; b < bands; b++) {
        uint64_t acc = 0x243F6A8885A308D3ull ^ (uint64_t)b;
        const uint32_t *cell = sig + (Py_ssize_t)b * rows;
        for (int r = 0; r < rows; r++) acc = mix64(acc * 0x100000001B3ull + cell[r]);
        out[b] = acc;
    }
}

/* band_keys(sig: uint32 (n, num_perm), num_perm, bands, rows, out: uint64 (n, bands)) */
static PyObject *band_keys(PyObject *self, PyObject *args) {
    Py_buffer sig, out;
    int k, bands, rows;
    if (!PyArg_ParseTuple(args, "y*iiiw*", &sig, &k, &bands, &rows, &out)) return NULL;
    PyObject *result = NULL;
    Py_ssize_t n = k > 0 ? sig.len / 4 / k : 0;
    if (k < 1 || bands < 1 || rows < 1 || (Py_ssize_t)bands * rows > k) {
        PyErr_SetString(PyExc_ValueError, "band_keys: bands x rows must fit in the signature");
        goto done;
    }
    if (!check(&sig, 4, n * k, "sig") || !check(&out, 8, n * bands, "out")) goto done;
    const uint32_t *s = sig.buf;
    uint64_t *o = out.buf;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t u = 0; u < n; u++) band_row(s + u * k, bands, rows, o + u * bands);
    Py_END_ALLOW_THREADS
    result = none();
done:
    PyBuffer_Release(&sig); PyBuffer_Release(&out);
    return result;
}

/* in_sorted(values: uint64, table: uint64 sorted, out: bool): whether each value is in the table. A
   bitmap of the table's low bits answers most values without the binary search. */
static PyObject *in_sorted(PyObject *self, PyObject *args) {
    Py_buffer values, table, out;
    if (!PyArg_ParseTuple(args, "y*y*w*", &values, &table, &out)) return NULL;
    PyObject *result = NULL;
    bitmap_t bitmap = {NULL, 0};
    Py_ssize_t n = values.len / 8, t = table.len / 8;
    if (!check(&values, 8, n, "values") || !check(&table, 8, t, "table") || !check(&out, 1, n, "out")) goto done;
    const uint64_t *v = values.buf, *tb = table.buf;
    if (!bitmap_build(&bitmap, tb, t, n)) {
        PyErr_NoMemory();
        goto done;
    }
    uint8_t *o = out.buf;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < n; i++) o[i] = (uint8_t)bitmap_has(&bitmap, tb, t, v[i]);
    Py_END_ALLOW_THREADS
    result = none();
done:
    PyMem_RawFree(bitmap.bits);
    PyBuffer_Release(&values); PyBuffer_Release(&table); PyBuffer_Release(&out);
    return result;
}

/* sorted_overlap(a: uint64, b: uint64) -> count
   How many values two sorted arrays of unique values share (dedup.evidence._overlap): one merge, where
   numpy's intersect1d sorts both together on every call. */
static PyObject *sorted_overlap(PyObject *self, PyObject *args) {
    Py_buffer a, b;
    if (!PyArg_ParseTuple(args, "y*y*", &a, &b)) return NULL;
    PyObject *result = NULL;
    Py_ssize_t n = a.len / 8, m = b.len / 8, shared = 0;
    if (!check(&a, 8, n, "a") || !check(&b, 8, m, "b")) goto done;
    const uint64_t *x = a.buf, *y = b.buf;
    Py_ssize_t i = 0, j = 0;
    while (i < n && j < m) {
        if (x[i] < y[j]) i++;
        else if (y[j] < x[i]) j++;
        else { shared++; i++; j++; }
    }
    result = PyLong_FromSsize_t(shared);
done:
    PyBuffer_Release(&a); PyBuffer_Release(&b);
    return result;
}

/* Byte classes of the tokeniser: word bytes (ASCII letters and digits, non-ASCII bytes), bytes that need
   a look at their neighbours (0xC2 and 0xE2 open typographic punctuation or letters; other lead bytes
   from 0xD8 up send a chunk the numpy way), line breaks and sentence ends, continuation bytes. */
#define C_WORD 1
#define C_SPECIAL 2
#define C_BREAK 4
#define C_STOP 8
#define C_CONTINUATION 16
static uint8_t byte_class[256], lower_of[256];

static void init_tables(void) {
    for (int b = 0; b < 256; b++) {
        int alnum = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9');
        int special = b == 0xC2 || b >= 0xD8;
        byte_class[b] = (uint8_t)(((alnum || b >= 128) && !special ? C_WORD : 0) | (special ? C_SPECIAL : 0) |
                                  (b == '\n' ? C_BREAK : 0) | (b == '.' || b == '!' || b == '?' ? C_STOP : 0) |
                                  ((b & 0xC0) == 0x80 ? C_CONTINUATION : 0));
        lower_of[b] = (uint8_t)(b >= 'A' && b <= 'Z' ? b + 32 : b);
    }
}

/* What a C_SPECIAL byte at p is: 1 a word byte, 2 or 3 the first of that many separator bytes
   (U+00A0-U+00BF, U+2000-U+207F), -1 a script the one-pass tokeniser leaves to numpy. */
static inline int special(const uint8_t *r, Py_ssize_t p, Py_ssize_t n) {
    uint8_t b = r[p];
    if (b == 0xE2) return p < n - 2 && (r[p + 1] == 0x80 || r[p + 1] == 0x81) ? 3 : 1;
    if (b == 0xC2) return p < n - 1 && r[p + 1] >= 0xA0 ? 2 : 1;
    return -1;
}

/* tokenize_plain(raw: uint8, text_starts: int64 (texts + 1), table: uint64[8192], upper: bool[2048],
                  starts: int64, ends: int64, hashes: uint64, flags: uint8, offsets: int64 (texts + 1)) -> count
   The whole of tokens.tokenize_chunk for a chunk without characters of dense scripts in one pass over
   the bytes: word bytes (ASCII letters and digits, every non-ASCII byte but typographic punctuation),
   token spans in characters of their text, hashes, flags (capitalised, numeric, sentence start) and
   each text's first token. Returns -1, having written nothing useful, at the first lead byte of a
   script that needs folding or character pairs (>= 0xD8 other than 0xE2): the caller goes the numpy way. */
static PyObject *tokenize_plain(PyObject *self, PyObject *args) {
    Py_buffer raw, text_starts, table, upper, starts, ends, hashes, flags, offsets;
    if (!PyArg_ParseTuple(args, "y*y*y*y*w*w*w*w*w*", &raw, &text_starts, &table, &upper, &starts, &ends, &hashes,
                          &flags, &offsets))
        return NULL;
    PyObject *result = NULL;
    Py_ssize_t n = raw.len, texts = text_starts.len / 8 - 1, cap = starts.len / 8;
    if (texts < 0 || !check(&text_starts, 8, texts + 1, "text_starts") || !check(&table, 8, 32 * 256, "table") ||
        !check(&upper, 1, 2048, "upper") || !check(&ends, 8, cap, "ends") || !check(&hashes, 8, cap, "hashes") ||
        !check(&flags, 1, cap, "flags") || !check(&offsets, 8, texts + 1, "offsets"))
        goto done;
    if (cap < (n + 1) / 2) {
        PyErr_SetString(PyExc_ValueError, "tokenize_plain: outputs too small");
        goto done;
    }
    const uint8_t *r = raw.buf, *up = upper.buf;
    const int64_t *ts = text_starts.buf;
    const uint64_t *t = table.buf;
    int64_t *so = starts.buf, *eo = ends.buf, *off = offsets.buf;
    uint64_t *ho = hashes.buf;
    uint8_t *fo = flags.buf;
    Py_ssize_t count = 0, doc = 0;
    int dense = 0;
    Py_BEGIN_ALLOW_THREADS
    int64_t cont = 0;          /* UTF-8 continuation bytes before p */
    int stop = 0, brk = 0, prev_abbrev = 0;
    Py_ssize_t p = 0;
    while (p < n) {
        /* between tokens */
        uint8_t b = r[p], c = byte_class[b];
        int kind = 1;
        if (c & C_SPECIAL) kind = special(r, p, n);
        if (kind < 0) { dense = 1; break; }
        if (!(c & C_WORD) && kind == 1) {
            if (!(c & C_SPECIAL)) {  /* ASCII: never a continuation byte */
                brk |= c & C_BREAK;
                stop |= c & C_STOP;
                p++;
                continue;
            }
        } else if (kind > 1) {  /* typographic punctuation: kind - 1 continuation bytes follow */
            for (int k = 0; k < kind && p + k < n; k++) cont += (r[p + k] & 0xC0) == 0x80;
            p += kind;
            continue;
        }
        /* a token: its bytes' table words summed as they come */
        Py_ssize_t start_b = p;
        int64_t start_c = p - cont;
        uint64_t sum = 0;
        uint32_t pos = 0;
        while (p < n) {
            b = r[p];
            c = byte_class[b];
            if (!(c & C_WORD) && (!(c & C_SPECIAL) || special(r, p, n) != 1)) break;
            sum += t[(pos & 31u) << 8 | lower_of[b]];
            pos++;
            cont += c >> 4 & 1;
            p++;
        }
        int64_t end_c = p - cont, len = p - start_b;
        while (doc < texts && ts[doc + 1] <= start_c) off[++doc] = count;
        uint8_t first = r[start_b];
        int capital = (uint8_t)(first - 'A') < 26;
        if (first >= 0xC2 && first <= 0xDF && start_b + 1 < n)
            capital = up[((first & 0x1F) << 6) | (r[start_b + 1] & 0x3F)];
        int sentence = count == 0 || brk || (stop && !prev_abbrev);
        so[count] = start_c - ts[doc];
        eo[count] = end_c - ts[doc];
        ho[count] = mix64(sum ^ ((uint64_t)len * M2));
        fo[count] = (uint8_t)(capital | ((uint8_t)(first - '0') < 10) << 1 | sentence << 2);
        prev_abbrev = capital && len <= 3;
        stop = brk = 0;
        count++;
    }
    while (doc < texts) off[++doc] = count;
    Py_END_ALLOW_THREADS
    off[0] = 0;
    result = PyLong_FromSsize_t(dense ? -1 : count);
done:
    PyBuffer_Release(&raw); PyBuffer_Release(&text_starts); PyBuffer_Release(&table); PyBuffer_Release(&upper);
    PyBuffer_Release(&starts); PyBuffer_Release(&ends); PyBuffer_Release(&hashes); PyBuffer_Release(&flags);
    PyBuffer_Release(&offsets);
    return result;
}

/* lead_counts(starts: int64, offsets: int64 (texts + 1), hashes: uint64, table: uint64 sorted, limit,
               markers: int64 (texts), words: int64 (texts)): per text, its tokens starting before ``limit``
   (the lead a language detector reads) and how many of them are in the table (wordkeys._keyed_languages) */
static PyObject *lead_counts(PyObject *self, PyObject *args) {
    Py_buffer starts, offsets, hashes, table, markers, words;
    long long limit;
    if (!PyArg_ParseTuple(args, "y*y*y*y*Lw*w*", &starts, &offsets, &hashes, &table, &limit, &markers, &words))
        return NULL;
    PyObject *result = NULL;
    bitmap_t bitmap = {NULL, 0};
    Py_ssize_t n = starts.len / 8, texts = offsets.len / 8 - 1, t = table.len / 8;
    if (texts < 0 || !check(&starts, 8, n, "starts") || !check(&hashes, 8, n, "hashes") ||
        !check(&table, 8, t, "table") || !check(&markers, 8, texts, "markers") || !check(&words, 8, texts, "words"))
        goto done;
    const int64_t *s = starts.buf, *off = offsets.buf;
    const uint64_t *h = hashes.buf, *tb = table.buf;
    int64_t *mo = markers.buf, *wo = words.buf;
    if (!bitmap_build(&bitmap, tb, t, n)) {
        PyErr_NoMemory();
        goto done;
    }
    int bad = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t d = 0; d < texts; d++) {
        int64_t lo = off[d], hi = off[d + 1], found = 0, lead = 0;
        if (lo < 0 || hi > n || hi < lo) { bad = 1; break; }
        for (int64_t i = lo; i < hi; i++) {
            if (s[i] >= limit) continue;
            lead++;
            found += bitmap_has(&bitmap, tb, t, h[i]);
        }
        mo[d] = found;
        wo[d] = lead;
    }
    Py_END_ALLOW_THREADS
    result = bad ? index_error("lead_counts: offsets outside the tokens") : none();
done:
    PyMem_RawFree(bitmap.bits);
    PyBuffer_Release(&starts); PyBuffer_Release(&offsets); PyBuffer_Release(&hashes); PyBuffer_Release(&table);
    PyBuffer_Release(&markers); PyBuffer_Release(&words);
    return result;
}

/* window_units(grams: uint64, doc: int64, local: int64, n_windows: int64 (docs), first_unit: int64 (docs),
                step, window, shingles: uint64, units: int64) -> count
   Each shingle in every passage window that holds it (candidates._window_units): at local word position p
   of its text, windows p // step, p // step - 1, ... while they exist and reach p; one pass per shift, in
   the order the numpy code concatenates them. */
static PyObject *window_units(PyObject *self, PyObject *args) {
    Py_buffer grams, doc, local, n_windows, first_unit, shingles, units;
    long long step, window;
    if (!PyArg_ParseTuple(args, "y*y*y*y*y*LLw*w*", &grams, &doc, &local, &n_windows, &first_unit, &step, &window,
                          &shingles, &units))
        return NULL;
    PyObject *result = NULL;
    Py_ssize_t m = grams.len / 8, docs = n_windows.len / 8, cap = shingles.len / 8, count = 0;
    if (!check(&grams, 8, m, "grams") || !check(&doc, 8, m, "doc") || !check(&local, 8, m, "local") ||
        !check(&n_windows, 8, docs, "n_windows") || !check(&first_unit, 8, docs, "first_unit") ||
        !check(&units, 8, cap, "units"))
        goto done;
    if (step < 1 || window < 1) {
        PyErr_SetString(PyExc_ValueError, "window_units: step and window must be positive");
        goto done;
    }
    const uint64_t *g = grams.buf;
    const int64_t *d = doc.buf, *l = local.buf, *nw = n_windows.buf, *fu = first_unit.buf;
    uint64_t *so = shingles.buf;
    int64_t *uo = units.buf;
    int64_t shifts = (window + step - 1) / step;
    int bad = 0;
    Py_BEGIN_ALLOW_THREADS
    for (int64_t shift = 0; shift < shifts && !bad; shift++) {
        for (Py_ssize_t i = 0; i < m; i++) {
            if (d[i] < 0 || d[i] >= docs || l[i] < 0) { bad = 1; break; }
            int64_t win = l[i] / step - shift;
            if (win < 0 || win >= nw[d[i]] || l[i] >= win * step + window) continue;
            if (count >= cap) { bad = 1; break; }
            so[count] = g[i];
            uo[count++] = fu[d[i]] + win;
        }
    }
    Py_END_ALLOW_THREADS
    result = bad ? index_error("window_units: a text or position out of range, or output too small") : PyLong_FromSsize_t(count);
done:
    PyBuffer_Release(&grams); PyBuffer_Release(&doc); PyBuffer_Release(&local); PyBuffer_Release(&n_windows);
    PyBuffer_Release(&first_unit); PyBuffer_Release(&shingles); PyBuffer_Release(&units);
    return result;
}

/* token_masks(hashes: uint64, starts: int64, ends: int64, offsets: int64 (texts + 1), bounds: int64 (texts, 2),
               grams: uint64 sorted, ngram, stopwords: uint64 sorted, kept: bool, content: bool)
   What candidates.token_masks computes from candidates.boilerplate_tokens, in one pass a text: kept, a
   token inside its text's bounds and under none of the frequent n-grams ``grams`` (boilerplate); content,
   a kept token that is no stopword and longer than one character. */
static PyObject *token_masks(PyObject *self, PyObject *args) {
    Py_buffer hashes, starts, ends, offsets, bounds, grams, stop, kept, content;
    int ngram;
    if (!PyArg_ParseTuple(args, "y*y*y*y*y*y*iy*w*w*", &hashes, &starts, &ends, &offsets, &bounds, &grams, &ngram,
                          &stop, &kept, &content))
        return NULL;
    PyObject *result = NULL;
    bitmap_t gram_map = {NULL, 0}, stop_map = {NULL, 0};
    Py_ssize_t n = hashes.len / 8, texts = offsets.len / 8 - 1, tg = grams.len / 8, ts = stop.len / 8;
    if (texts < 0 || !check(&hashes, 8, n, "hashes") || !check(&starts, 8, n, "starts") || !check(&ends, 8, n, "ends") ||
        !check(&offsets, 8, texts + 1, "offsets") || !check(&bounds, 8, 2 * texts, "bounds") ||
        !check(&grams, 8, tg, "grams") || !check(&stop, 8, ts, "stopwords") || !check(&kept, 1, n, "kept") ||
        !check(&content, 1, n, "content"))
        goto done;
    if (ngram < 1 || ngram > 9) {
        PyErr_SetString(PyExc_ValueError, "token_masks: n-grams of 1 to 9 words");
        goto done;
    }
    const uint64_t *h = hashes.buf, *gt = grams.buf, *st = stop.buf;
    const int64_t *s = starts.buf, *e = ends.buf, *off = offsets.buf, *bd = bounds.buf;
    uint8_t *ko = kept.buf, *co = content.buf;
    if (!bitmap_build(&gram_map, gt, tg, n) || !bitmap_build(&stop_map, st, ts, n)) {
        PyErr_NoMemory();
        goto done;
    }
    int bad = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t d = 0; d < texts; d++) {
        int64_t lo = off[d], hi = off[d + 1];
        if (lo < 0 || hi > n || hi < lo) { bad = 1; break; }
        for (int64_t i = lo; i < hi; i++) ko[i] = s[i] >= bd[2 * d] && e[i] <= bd[2 * d + 1];
        if (tg)  /* the tokens an n-gram of the boilerplate covers */
            for (int64_t i = lo; i + ngram <= hi; i++)
                if (bitmap_has(&gram_map, gt, tg, ngram_hash(h + i, ngram)))
                    for (int k = 0; k < ngram; k++) ko[i + k] = 0;
        for (int64_t i = lo; i < hi; i++)
            co[i] = ko[i] && e[i] - s[i] > 1 && !bitmap_has(&stop_map, st, ts, h[i]);
    }
    Py_END_ALLOW_THREADS
    result = bad ? index_error("token_masks: offsets outside the tokens") : none();
done:
    PyMem_RawFree(gram_map.bits); PyMem_RawFree(stop_map.bits);
    PyBuffer_Release(&hashes); PyBuffer_Release(&starts); PyBuffer_Release(&ends); PyBuffer_Release(&offsets);
    PyBuffer_Release(&bounds); PyBuffer_Release(&grams); PyBuffer_Release(&stop); PyBuffer_Release(&kept);
    PyBuffer_Release(&content);
    return result;
}

/* channel_keys(hashes: uint64, starts: int64, ends: int64, offsets: int64 (texts + 1), mask: bool, common: uint64
                sorted, ngram, window, step, min_shingles, seed_mix, num_perm, bands, rows,
                unit_doc: int64 (cap), unit_start: int64 (cap), unit_end: int64 (cap), keys: uint64 (cap, bands)) -> count
   One channel's indexed units with their band keys, text by text: what candidates.channel_units,
   candidates.sign_units, minhash and band_keys compute together. The tokens a channel shingles are those of
   ``mask``, without the ``common`` words for a whole text (window 0); a text's n-grams are its unit's
   shingles, or each passage window's (``window`` kept words every ``step``: a window holds the n-grams
   opening inside it, the common words left out of them when n is 1). A unit of at least ``min_shingles``
   shingles is signed (the sketch of minhash) and banded; each unit's text, character span and keys are
   written in unit order. */
static PyObject *channel_keys(PyObject *self, PyObject *args) {
    Py_buffer hashes, starts, ends, offsets, mask, common, udoc, ustart, uend, keys;
    int ngram, k, bands, rows;
    long long window, step, min_shingles;
    unsigned long long seed_mix;
    if (!PyArg_ParseTuple(args, "y*y*y*y*y*y*iLLLKiiiw*w*w*w*", &hashes, &starts, &ends, &offsets, &mask, &common,
                          &ngram, &window, &step, &min_shingles, &seed_mix, &k, &bands, &rows, &udoc, &ustart, &uend,
                          &keys))
        return NULL;
    PyObject *result = NULL;
    bitmap_t common_map = {NULL, 0};
    int64_t *kept = NULL, *local = NULL;
    uint64_t *kh = NULL, *values = NULL;
    uint32_t *sig = NULL;
    Py_ssize_t n = hashes.len / 8, texts = offsets.len / 8 - 1, t = common.len / 8, cap = udoc.len / 8, count = 0;
    if (texts < 0 || !check(&hashes, 8, n, "hashes") || !check(&starts, 8, n, "starts") || !check(&ends, 8, n, "ends") ||
        !check(&offsets, 8, texts + 1, "offsets") || !check(&mask, 1, n, "mask") || !check(&common, 8, t, "common") ||
        !check(&udoc, 8, cap, "unit_doc") || !check(&ustart, 8, cap, "unit_start") || !check(&uend, 8, cap, "unit_end"))
        goto done;
    if (ngram < 1 || ngram > 9 || k < 1 || k > 1024 || bands < 1 || rows < 1 || (Py_ssize_t)bands * rows > k ||
        window < 0 || (window && step < 1) || min_shingles < 1) {
        PyErr_SetString(PyExc_ValueError, "channel_keys: bad settings (n-grams of 1 to 9 words, 1 to 1024 bins, "
                                          "bands x rows within them, a positive step and min_shingles)");
        goto done;
    }
    if (!check(&keys, 8, cap * bands, "keys")) goto done;
    const uint64_t *h = hashes.buf, *ct = common.buf;
    const int64_t *s = starts.buf, *e = ends.buf, *off = offsets.buf;
    const uint8_t *m = mask.buf;
    int64_t *dout = udoc.buf, *sout = ustart.buf, *eout = uend.buf;
    uint64_t *kout = keys.buf;
    size_t room = (size_t)(n ? n : 1);
    kept = PyMem_RawMalloc(room * sizeof(int64_t));
    local = PyMem_RawMalloc(room * sizeof(int64_t));
    kh = PyMem_RawMalloc(room * sizeof(uint64_t));
    values = PyMem_RawMalloc(room * sizeof(uint64_t));
    sig = PyMem_RawMalloc((size_t)k * sizeof(uint32_t));
    if (!kept || !local || !kh || !values || !sig || !bitmap_build(&common_map, ct, t, n)) {
        PyErr_NoMemory();
        goto done;
    }
    int bad = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t d = 0; d < texts && !bad; d++) {
        int64_t lo = off[d], hi = off[d + 1], c = 0, g = 0;
        if (lo < 0 || hi > n || hi < lo) { bad = 1; break; }
        for (int64_t i = lo; i < hi; i++)
            if (m[i] && !(window == 0 && t && bitmap_has(&common_map, ct, t, h[i]))) {
                kept[c] = i;
                kh[c++] = h[i];
            }
        for (int64_t j = 0; j + ngram <= c; j++) {
            uint64_t gram = ngram_hash(kh + j, ngram);
            if (window && t && ngram == 1 && bitmap_has(&common_map, ct, t, gram)) continue;
            values[g] = mix64(gram ^ (uint64_t)seed_mix);  /* the sketch's first hash, as minhash mixes it */
            local[g++] = j;
        }
        /* units of this text: [first, last] kept words, shingles values[a:b] */
        int64_t units = window == 0 ? 1 : c > window ? (c - window + step - 1) / step + 1 : (c ? 1 : 0);
        int64_t a = 0, b = 0;
        for (int64_t u = 0; u < units; u++) {
            int64_t first = 0, last = c - 1;
            if (window) {
                first = u * step;
                last = (first + window < c ? first + window : c) - 1;
                while (a < g && local[a] < first) a++;
                if (b < a) b = a;
                while (b < g && local[b] < first + window) b++;
            } else {
                b = g;
            }
            if (b - a < min_shingles) continue;
            if (count >= cap) { bad = 1; break; }
            for (int j = 0; j < k; j++) sig[j] = EMPTY;
            sketch_unit(values + a, b - a, sig, k);
            band_row(sig, bands, rows, kout + count * bands);
            dout[count] = d;
            sout[count] = s[kept[first]];
            eout[count++] = e[kept[last]];
        }
    }
    Py_END_ALLOW_THREADS
    result = bad ? index_error("channel_keys: offsets outside the tokens, or more units than the outputs hold")
                 : PyLong_FromSsize_t(count);
done:
    PyMem_RawFree(common_map.bits); PyMem_RawFree(kept); PyMem_RawFree(local); PyMem_RawFree(kh);
    PyMem_RawFree(values); PyMem_RawFree(sig);
    PyBuffer_Release(&hashes); PyBuffer_Release(&starts); PyBuffer_Release(&ends); PyBuffer_Release(&offsets);
    PyBuffer_Release(&mask); PyBuffer_Release(&common); PyBuffer_Release(&udoc); PyBuffer_Release(&ustart);
    PyBuffer_Release(&uend); PyBuffer_Release(&keys);
    return result;
}

/* MurmurHash3_x86_32 of a string's UTF-8 bytes, as a signed 32-bit integer: what scikit-learn's
 * murmurhash3_32(text, seed) gives (dedup.hashing: the columns of hashed sentence features). */
static uint32_t rotl32(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }

static int32_t murmur32(const unsigned char *data, Py_ssize_t len, uint32_t seed) {
    const uint32_t c1 = 0xcc9e2d51u, c2 = 0x1b873593u;
    uint32_t h = seed, k;
    Py_ssize_t blocks = len / 4;
    for (Py_ssize_t i = 0; i < blocks; i++) {
        memcpy(&k, data + 4 * i, 4);
        k *= c1; k = rotl32(k, 15); k *= c2;
        h ^= k; h = rotl32(h, 13); h = h * 5 + 0xe6546b64u;
    }
    const unsigned char *tail = data + 4 * blocks;
    k = 0;
    switch (len & 3) {
    case 3: k ^= (uint32_t)tail[2] << 16; /* fall through */
    case 2: k ^= (uint32_t)tail[1] << 8; /* fall through */
    case 1: k ^= tail[0]; k *= c1; k = rotl32(k, 15); k *= c2; h ^= k;
    }
    h ^= (uint32_t)len;
    h ^= h >> 16; h *= 0x85ebca6bu; h ^= h >> 13; h *= 0xc2b2ae35u; h ^= h >> 16;
    return (int32_t)h;
}

static PyObject *murmurhash3_32(PyObject *self, PyObject *args) {
    PyObject *text;
    unsigned int seed = 0;
    if (!PyArg_ParseTuple(args, "U|I", &text, &seed)) return NULL;
    Py_ssize_t len;
    const char *data = PyUnicode_AsUTF8AndSize(text, &len);
    if (data == NULL) return NULL;
    return PyLong_FromLong((long)murmur32((const unsigned char *)data, len, (uint32_t)seed));
}

/* The column FeatureHasher(n_features, alternate_sign=False) gives a string of this hash
   (dedup.hashing._feature_id): abs(h) % n_features, the one hash without an absolute value wrapped. */
static inline int64_t feature_column(int32_t h, int64_t n_features) {
    if (h == INT32_MIN) return (int64_t)(INT32_MAX - (n_features - 1)) % n_features;
    return (int64_t)(h < 0 ? -(int64_t)h : (int64_t)h) % n_features;
}

/* A growing array of int64 keys, returned as the bytes of an int64 array. */
typedef struct {
    int64_t *data;
    Py_ssize_t len, cap;
} keys_t;

static int keys_push(keys_t *k, int64_t v) {
    if (k->len == k->cap) {
        Py_ssize_t cap = k->cap ? 2 * k->cap : 1024;
        int64_t *grown = PyMem_Realloc(k->data, (size_t)cap * sizeof(int64_t));
        if (!grown) { PyErr_NoMemory(); return 0; }
        k->data = grown;
        k->cap = cap;
    }
    k->data[k->len++] = v;
    return 1;
}

static PyObject *keys_bytes(keys_t *k) {
    PyObject *out = PyBytes_FromStringAndSize((const char *)k->data, k->len * (Py_ssize_t)sizeof(int64_t));
    PyMem_Free(k->data);
    return out;
}

/* bag_keys(bags: sequence of iterables of str, shift, n_features) -> bytes (int64 array)
   One key a string, in order: (its bag's position << shift) | its column (dedup.hashing.bag_keys). */
static PyObject *bag_keys(PyObject *self, PyObject *args) {
    PyObject *bags;
    int shift;
    long long n_features;
    if (!PyArg_ParseTuple(args, "OiL", &bags, &shift, &n_features)) return NULL;
    if (n_features <= 0 || shift < 0 || shift > 40) {
        PyErr_SetString(PyExc_ValueError, "bag_keys: n_features must be positive, shift in [0, 40]");
        return NULL;
    }
    PyObject *outer = PySequence_Fast(bags, "bag_keys: bags must be a sequence");
    if (!outer) return NULL;
    keys_t keys = {NULL, 0, 0};
    Py_ssize_t n = PySequence_Fast_GET_SIZE(outer);
    for (Py_ssize_t row = 0; row < n; row++) {
        PyObject *inner = PySequence_Fast(PySequence_Fast_GET_ITEM(outer, row), "bag_keys: a bag must be iterable");
        if (!inner) goto fail;
        Py_ssize_t m = PySequence_Fast_GET_SIZE(inner);
        for (Py_ssize_t i = 0; i < m; i++) {
            PyObject *s = PySequence_Fast_GET_ITEM(inner, i);
            Py_ssize_t len;
            const char *data = PyUnicode_Check(s) ? PyUnicode_AsUTF8AndSize(s, &len) : NULL;
            if (!data) {
                if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "bag_keys: a bag holds strings only");
                Py_DECREF(inner);
                goto fail;
            }
            int32_t h = murmur32((const unsigned char *)data, len, 0);
            if (!keys_push(&keys, ((int64_t)row << shift) | feature_column(h, n_features))) { Py_DECREF(inner); goto fail; }
        }
        Py_DECREF(inner);
    }
    Py_DECREF(outer);
    return keys_bytes(&keys);
fail:
    Py_DECREF(outer);
    PyMem_Free(keys.data);
    return NULL;
}

/* str.split()'s whitespace among ASCII characters (char_keys reads ASCII text in place) */
static inline int ascii_space(unsigned char c) { return c == ' ' || (c >= 9 && c <= 13) || (c >= 0x1c && c <= 0x1f); }

/* char_keys(texts: sequence of str, shift, n_features) -> bytes (int64 array)
   The character 4-grams of each lower-cased, whitespace-split word of each text, padded with a space
   either side (one gram of the whole padded word when it has fewer than 4 characters), one key a gram
   occurrence: (the text's position << shift) | the gram's column (dedup.hashing.char_keys). For texts
   without characters of dense scripts: the caller checks (their words are cut otherwise). */
static PyObject *char_keys(PyObject *self, PyObject *args) {
    PyObject *texts;
    int shift;
    long long n_features;
    if (!PyArg_ParseTuple(args, "OiL", &texts, &shift, &n_features)) return NULL;
    if (n_features <= 0 || shift < 0 || shift > 40) {
        PyErr_SetString(PyExc_ValueError, "char_keys: n_features must be positive, shift in [0, 40]");
        return NULL;
    }
    PyObject *outer = PySequence_Fast(texts, "char_keys: texts must be a sequence");
    if (!outer) return NULL;
    keys_t keys = {NULL, 0, 0};
    unsigned char *buf = NULL;  /* " word " in UTF-8 */
    Py_ssize_t *starts = NULL;  /* byte offset of each character of it, and its end */
    Py_ssize_t buf_cap = 0;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(outer);
    for (Py_ssize_t row = 0; row < n; row++) {
        PyObject *text = PySequence_Fast_GET_ITEM(outer, row);
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "char_keys: texts must be strings");
            goto fail;
        }
        if (PyUnicode_IS_ASCII(text)) {
            /* tail42: ASCII text read in place, what lower() and split() give it without their objects: a
               word is a run of bytes other than str.split()'s ASCII whitespace, lower-cased A-Z */
            const unsigned char *t = PyUnicode_1BYTE_DATA(text);
            Py_ssize_t n_bytes = PyUnicode_GET_LENGTH(text), p = 0;
            int64_t high = (int64_t)row << shift;
            while (p < n_bytes) {
                while (p < n_bytes && ascii_space(t[p])) p++;
                if (p >= n_bytes) break;
                Py_ssize_t start = p;
                while (p < n_bytes && !ascii_space(t[p])) p++;
                Py_ssize_t len = p - start;
                if (len + 3 > buf_cap) {
                    Py_ssize_t cap = 2 * (len + 3);
                    unsigned char *b = PyMem_Realloc(buf, (size_t)cap);
                    if (!b) { PyErr_NoMemory(); goto fail; }
                    buf = b;
                    Py_ssize_t *st = PyMem_Realloc(starts, (size_t)cap * sizeof(Py_ssize_t));
                    if (!st) { PyErr_NoMemory(); goto fail; }
                    starts = st;
                    buf_cap = cap;
                }
                buf[0] = ' ';
                for (Py_ssize_t q = 0; q < len; q++) {
                    unsigned char c = t[start + q];
                    buf[q + 1] = (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
                }
                buf[len + 1] = ' ';
                Py_ssize_t chars = len + 2;  /* one byte a character */
                Py_ssize_t grams = chars >= 4 ? chars - 3 : 1;
                for (Py_ssize_t g = 0; g < grams; g++) {
                    Py_ssize_t width = g + 4 <= chars ? 4 : chars - g;
                    int32_t h = murmur32(buf + g, width, 0);
                    if (!keys_push(&keys, high | feature_column(h, n_features))) goto fail;
                }
            }
            continue;
        }
        PyObject *lower = PyObject_CallMethod(text, "lower", NULL);
        if (!lower) goto fail;
        PyObject *words = PyUnicode_Split(lower, NULL, -1);
        Py_DECREF(lower);
        if (!words) goto fail;
        Py_ssize_t m = PyList_GET_SIZE(words);
        for (Py_ssize_t w = 0; w < m; w++) {
            Py_ssize_t len;
            const char *data = PyUnicode_AsUTF8AndSize(PyList_GET_ITEM(words, w), &len);
            if (!data) { Py_DECREF(words); goto fail; }
            if (len + 3 > buf_cap) {
                Py_ssize_t cap = 2 * (len + 3);
                unsigned char *b = PyMem_Realloc(buf, (size_t)cap);
                if (!b) { PyErr_NoMemory(); Py_DECREF(words); goto fail; }
                buf = b;
                Py_ssize_t *st = PyMem_Realloc(starts, (size_t)cap * sizeof(Py_ssize_t));
                if (!st) { PyErr_NoMemory(); Py_DECREF(words); goto fail; }
                starts = st;
                buf_cap = cap;
            }
            buf[0] = ' ';
            memcpy(buf + 1, data, (size_t)len);
            buf[len + 1] = ' ';
            Py_ssize_t size = len + 2, chars = 0;
            for (Py_ssize_t p = 0; p < size; p++)
                if ((buf[p] & 0xC0) != 0x80) starts[chars++] = p;
            starts[chars] = size;
            Py_ssize_t grams = chars >= 4 ? chars - 3 : 1;
            int64_t high = (int64_t)row << shift;
            for (Py_ssize_t g = 0; g < grams; g++) {
                Py_ssize_t end = starts[g + 4 <= chars ? g + 4 : chars];
                int32_t h = murmur32(buf + starts[g], end - starts[g], 0);
                if (!keys_push(&keys, high | feature_column(h, n_features))) { Py_DECREF(words); goto fail; }
            }
        }
        Py_DECREF(words);
    }
    Py_DECREF(outer);
    PyMem_Free(buf);
    PyMem_Free(starts);
    return keys_bytes(&keys);
fail:
    Py_DECREF(outer);
    PyMem_Free(buf);
    PyMem_Free(starts);
    PyMem_Free(keys.data);
    return NULL;
}

/* ---- A sentence table's entries (dedup.sentence_tables.prepare) ----
   The keys of a document's features, (sentence << shift) | column, sorted, become its entries: their
   rows, ids, counts, each id's place in a vocabulary, and the entries a sentence shares with the next.
   numpy does it in some thirty calls on arrays of a few thousand values; here in a few passes, the
   vocabularies by a radix sort. */

/* Sort keys with their payloads (optional), stable: by insertion when they are few, else least
   significant digit first (11 bits a pass, as many passes as `max`, the largest key, needs). */
static void radix_sort(uint32_t *keys, int32_t *payload, Py_ssize_t n, uint32_t *tmp_keys, int32_t *tmp_payload,
                       uint32_t max) {
    if (n <= 48) {
        for (Py_ssize_t i = 1; i < n; i++) {
            uint32_t k = keys[i];
            int32_t v = payload ? payload[i] : 0;
            Py_ssize_t j = i;
            for (; j > 0 && keys[j - 1] > k; j--) {
                keys[j] = keys[j - 1];
                if (payload) payload[j] = payload[j - 1];
            }
            keys[j] = k;
            if (payload) payload[j] = v;
        }
        return;
    }
    Py_ssize_t count[2048];
    for (int shift = 0; shift < 32 && (shift == 0 || (max >> shift)); shift += 11) {
        memset(count, 0, sizeof(count));
        for (Py_ssize_t i = 0; i < n; i++) count[(keys[i] >> shift) & 2047]++;
        Py_ssize_t at = 0;
        for (int d = 0; d < 2048; d++) { Py_ssize_t c = count[d]; count[d] = at; at += c; }
        for (Py_ssize_t i = 0; i < n; i++) {
            Py_ssize_t to = count[(keys[i] >> shift) & 2047]++;
            tmp_keys[to] = keys[i];
            if (payload) tmp_payload[to] = payload[i];
        }
        memcpy(keys, tmp_keys, (size_t)n * sizeof(uint32_t));
        if (payload) memcpy(payload, tmp_payload, (size_t)n * sizeof(int32_t));
    }
}

/* sort_keys(keys: int64, not negative) -> bytes (int64 array): the keys sorted, what numpy's sort gives
   (tail43). A table's keys, (sentence << shift) | column, are a few thousand of 20-30 bits: least
   significant digit first, 11 bits a pass, as many passes as the largest key needs (numpy's sort compared
   them: a tenth of preparing a seed article); by insertion when they are few. */
static PyObject *sort_keys(PyObject *self, PyObject *args) {
    Py_buffer kb;
    if (!PyArg_ParseTuple(args, "y*", &kb)) return NULL;
    PyObject *out = NULL;
    uint64_t *tmp = NULL;
    if (kb.itemsize != 1 && kb.itemsize != 8) { PyErr_SetString(PyExc_ValueError, "sort_keys: keys must be int64"); goto done; }
    if (kb.len % 8) { PyErr_SetString(PyExc_ValueError, "sort_keys: keys must be int64"); goto done; }
    Py_ssize_t n = kb.len / 8;
    out = PyBytes_FromStringAndSize(NULL, kb.len);
    if (!out) goto done;
    uint64_t *keys = (uint64_t *)PyBytes_AS_STRING(out);
    memcpy(keys, kb.buf, (size_t)kb.len);
    uint64_t max = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if ((int64_t)keys[i] < 0) { PyErr_SetString(PyExc_ValueError, "sort_keys: keys must not be negative"); Py_CLEAR(out); goto done; }
        if (keys[i] > max) max = keys[i];
    }
    if (n <= 48) {
        for (Py_ssize_t i = 1; i < n; i++) {
            uint64_t k = keys[i];
            Py_ssize_t j = i;
            for (; j > 0 && keys[j - 1] > k; j--) keys[j] = keys[j - 1];
            keys[j] = k;
        }
        goto done;
    }
    tmp = PyMem_Malloc((size_t)n * sizeof(uint64_t));
    if (!tmp) { PyErr_NoMemory(); Py_CLEAR(out); goto done; }
    int passes = 1;
    while (passes < 6 && (max >> (11 * passes))) passes++;
    uint32_t count[6][2048];  /* every pass's digit counts, in one read of the keys */
    memset(count, 0, (size_t)passes * sizeof(count[0]));
    for (Py_ssize_t i = 0; i < n; i++)
        for (int p = 0; p < passes; p++) count[p][(keys[i] >> (11 * p)) & 2047]++;
    uint64_t *from = keys, *to = tmp;
    for (int p = 0; p < passes; p++) {
        uint32_t at = 0, *c = count[p];
        if (c[(keys[0] >> (11 * p)) & 2047] == (uint32_t)n) continue;  /* one digit throughout: nothing moves */
        for (int d = 0; d < 2048; d++) { uint32_t k = c[d]; c[d] = at; at += k; }
        int shift = 11 * p;
        for (Py_ssize_t i = 0; i < n; i++) to[c[(from[i] >> shift) & 2047]++] = from[i];
        uint64_t *swap = from; from = to; to = swap;
    }
    if (from != keys) memcpy(keys, from, (size_t)n * sizeof(uint64_t));
done:
    PyMem_Free(tmp);
    PyBuffer_Release(&kb);
    return out;
}

/* The distinct values of `ids` (n of them, not negative), sorted, into vocab; how often each occurs into
   counts (optional); each one's place in vocab into places (optional). Returns how many; -1 out of memory. */
static Py_ssize_t vocabulary(const int32_t *ids, Py_ssize_t n, int32_t *vocab, int32_t *counts, int32_t *places) {
    size_t size = (size_t)(n ? n : 1);
    uint32_t *keys = PyMem_Malloc(size * sizeof(uint32_t)), *tmp_keys = PyMem_Malloc(size * sizeof(uint32_t));
    int32_t *at = PyMem_Malloc(size * sizeof(int32_t)), *tmp_at = PyMem_Malloc(size * sizeof(int32_t));
    Py_ssize_t d = -1;
    if (!keys || !tmp_keys || !at || !tmp_at) { PyErr_NoMemory(); goto done; }
    uint32_t max = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        keys[i] = (uint32_t)ids[i];
        at[i] = (int32_t)i;
        if (keys[i] > max) max = keys[i];
    }
    radix_sort(keys, at, n, tmp_keys, tmp_at, max);
    d = 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        if (!k || keys[k] != keys[k - 1]) {
            vocab[d] = (int32_t)keys[k];
            if (counts) counts[d] = 0;
            d++;
        }
        if (counts) counts[d - 1]++;
        if (places) places[at[k]] = (int32_t)(d - 1);
    }
done:
    PyMem_Free(keys); PyMem_Free(tmp_keys); PyMem_Free(at); PyMem_Free(tmp_at);
    return d;
}

static PyObject *i32_bytes(const int32_t *v, Py_ssize_t n) {
    return PyBytes_FromStringAndSize((const char *)v, n * (Py_ssize_t)sizeof(int32_t));
}

/* One kind of counted features (words or character n-grams) from its sorted keys. */
typedef struct {
    Py_ssize_t n, pairs;
    int32_t *rows, *ids, *cols, *left, *right;
    int64_t *counts;
} counted_t;

static void counted_free(counted_t *c) {
    PyMem_Free(c->rows); PyMem_Free(c->ids); PyMem_Free(c->cols);
    PyMem_Free(c->left); PyMem_Free(c->right); PyMem_Free(c->counts);
}

/* Distinct keys of a sorted array as rows, ids and counts; and the entries of sentence k whose id
   sentence k + 1 also has, with those of k + 1, ordered by id, then sentence (np.lexsort((rows, ids))). */
static int counted_read(counted_t *c, const int64_t *keys, Py_ssize_t m, int shift, int64_t mask) {
    size_t size = (size_t)(m ? m : 1);
    c->rows = PyMem_Malloc(size * sizeof(int32_t)); c->ids = PyMem_Malloc(size * sizeof(int32_t));
    c->cols = PyMem_Malloc(size * sizeof(int32_t)); c->left = PyMem_Malloc(size * sizeof(int32_t));
    c->right = PyMem_Malloc(size * sizeof(int32_t)); c->counts = PyMem_Malloc(size * sizeof(int64_t));
    if (!c->rows || !c->ids || !c->cols || !c->left || !c->right || !c->counts) { PyErr_NoMemory(); return 0; }
    Py_ssize_t n = 0;
    for (Py_ssize_t i = 0; i < m; i++) {
        if (i && keys[i] == keys[i - 1]) { c->counts[n - 1]++; continue; }
        c->rows[n] = (int32_t)(keys[i] >> shift);
        c->ids[n] = (int32_t)(keys[i] & mask);
        c->counts[n++] = 1;
    }
    c->n = n;
    /* neighbours: merge each sentence's ids with the next sentence's */
    Py_ssize_t p = 0;
    uint32_t *key = PyMem_Malloc(size * sizeof(uint32_t)), *tmp_key = PyMem_Malloc(size * sizeof(uint32_t));
    int32_t *pos = PyMem_Malloc(size * sizeof(int32_t)), *tmp_pos = PyMem_Malloc(size * sizeof(int32_t));
    if (!key || !tmp_key || !pos || !tmp_pos) {
        PyMem_Free(key); PyMem_Free(tmp_key); PyMem_Free(pos); PyMem_Free(tmp_pos);
        PyErr_NoMemory();
        return 0;
    }
    uint32_t max = 0;
    Py_ssize_t s = 0;
    while (s < n) {
        Py_ssize_t e = s;
        while (e < n && c->rows[e] == c->rows[s]) e++;
        Py_ssize_t e2 = e;
        while (e2 < n && c->rows[e2] == c->rows[e]) e2++;
        if (e < n && c->rows[e] == c->rows[s] + 1) {
            Py_ssize_t i = s, j = e;
            while (i < e && j < e2) {
                if (c->ids[i] < c->ids[j]) i++;
                else if (c->ids[j] < c->ids[i]) j++;
                else {
                    c->left[p] = (int32_t)i; c->right[p] = (int32_t)j;
                    key[p] = (uint32_t)c->ids[i]; pos[p] = (int32_t)p;
                    if (key[p] > max) max = key[p];
                    p++; i++; j++;
                }
            }
        }
        s = e;
    }
    radix_sort(key, pos, p, tmp_key, tmp_pos, max);  /* stable: a feature's pairs stay in sentence order */
    for (Py_ssize_t k = 0; k < p; k++) { tmp_pos[k] = c->left[pos[k]]; }
    for (Py_ssize_t k = 0; k < p; k++) { pos[k] = c->right[pos[k]]; }
    memcpy(c->left, tmp_pos, (size_t)p * sizeof(int32_t));
    memcpy(c->right, pos, (size_t)p * sizeof(int32_t));
    c->pairs = p;
    PyMem_Free(key); PyMem_Free(tmp_key); PyMem_Free(pos); PyMem_Free(tmp_pos);
    return 1;
}

static int check_keys(Py_buffer *b, const char *what) {
    return check(b, 8, b->len / 8, what);
}

/* counted_tables(words: int64 sorted, chars: int64 sorted, shift, n_features) -> tuple of bytes
   The word and character n-gram entries of a sentence table (dedup.sentence_tables._entries of
   _distinct's answer): for each kind its rows, ids (int32), counts (int64), columns in the shared
   vocabulary (int32) and neighbour entries (next_left, next_right: int32); then that vocabulary (the
   ids of both kinds, sorted, int32) and each id's sentence count (a key of both kinds counted once). */
static PyObject *counted_tables(PyObject *self, PyObject *args) {
    Py_buffer wb, cb;
    int shift;
    long long n_features;
    if (!PyArg_ParseTuple(args, "y*y*iL", &wb, &cb, &shift, &n_features)) return NULL;
    PyObject *result = NULL;
    counted_t kinds[2];
    memset(kinds, 0, sizeof(kinds));
    int32_t *union_ids = NULL, *vocab = NULL, *df = NULL, *union_places = NULL, *origin[2] = {NULL, NULL};
    Py_ssize_t d = 0;
    if (!check_keys(&wb, "words") || !check_keys(&cb, "chars")) goto done;
    if (n_features <= 0 || n_features > (1LL << 31) || shift < 0 || shift > 40) {
        PyErr_SetString(PyExc_ValueError, "counted_tables: n_features in [1, 2**31], shift in [0, 40]");
        goto done;
    }
    const int64_t mask = n_features - 1;
    const int64_t *w = wb.buf, *c = cb.buf;
    Py_ssize_t nw = wb.len / 8, nc = cb.len / 8;
    for (Py_ssize_t i = 0; i < nw; i++) if (w[i] < 0 || (i && w[i] < w[i - 1])) { PyErr_SetString(PyExc_ValueError, "counted_tables: words must be sorted, not negative"); goto done; }
    for (Py_ssize_t i = 0; i < nc; i++) if (c[i] < 0 || (i && c[i] < c[i - 1])) { PyErr_SetString(PyExc_ValueError, "counted_tables: chars must be sorted, not negative"); goto done; }
    if (!counted_read(&kinds[0], w, nw, shift, mask) || !counted_read(&kinds[1], c, nc, shift, mask)) goto done;
    /* the distinct keys of both kinds, merged: one id per (sentence, feature); each entry's key there */
    Py_ssize_t total = kinds[0].n + kinds[1].n, u = 0;
    size_t size = (size_t)(total ? total : 1);
    union_ids = PyMem_Malloc(size * sizeof(int32_t)); vocab = PyMem_Malloc(size * sizeof(int32_t));
    df = PyMem_Malloc(size * sizeof(int32_t)); union_places = PyMem_Malloc(size * sizeof(int32_t));
    origin[0] = PyMem_Malloc((size_t)(kinds[0].n ? kinds[0].n : 1) * sizeof(int32_t));
    origin[1] = PyMem_Malloc((size_t)(kinds[1].n ? kinds[1].n : 1) * sizeof(int32_t));
    if (!union_ids || !vocab || !df || !union_places || !origin[0] || !origin[1]) { PyErr_NoMemory(); goto done; }
    {
        Py_ssize_t i = 0, j = 0;
        counted_t *a = &kinds[0], *b = &kinds[1];
        while (i < a->n || j < b->n) {
            if (j >= b->n || (i < a->n && (a->rows[i] < b->rows[j] || (a->rows[i] == b->rows[j] && a->ids[i] < b->ids[j])))) {
                origin[0][i] = (int32_t)u;
                union_ids[u++] = a->ids[i++];
            } else if (i >= a->n || a->rows[i] != b->rows[j] || a->ids[i] != b->ids[j]) {
                origin[1][j] = (int32_t)u;
                union_ids[u++] = b->ids[j++];
            } else {
                origin[0][i] = origin[1][j] = (int32_t)u;
                union_ids[u++] = a->ids[i++];
                j++;
            }
        }
    }
    d = vocabulary(union_ids, u, vocab, df, union_places);
    if (d < 0) { d = 0; goto done; }
    for (int k = 0; k < 2; k++)
        for (Py_ssize_t i = 0; i < kinds[k].n; i++) kinds[k].cols[i] = union_places[origin[k][i]];
    result = Py_BuildValue(
        "(NNNNNNNNNNNNNN)",
        i32_bytes(kinds[0].rows, kinds[0].n), i32_bytes(kinds[0].ids, kinds[0].n),
        PyBytes_FromStringAndSize((const char *)kinds[0].counts, kinds[0].n * 8), i32_bytes(kinds[0].cols, kinds[0].n),
        i32_bytes(kinds[0].left, kinds[0].pairs), i32_bytes(kinds[0].right, kinds[0].pairs),
        i32_bytes(kinds[1].rows, kinds[1].n), i32_bytes(kinds[1].ids, kinds[1].n),
        PyBytes_FromStringAndSize((const char *)kinds[1].counts, kinds[1].n * 8), i32_bytes(kinds[1].cols, kinds[1].n),
        i32_bytes(kinds[1].left, kinds[1].pairs), i32_bytes(kinds[1].right, kinds[1].pairs),
        i32_bytes(vocab, d), i32_bytes(df, d));
done:
    counted_free(&kinds[0]); counted_free(&kinds[1]);
    PyMem_Free(union_ids); PyMem_Free(vocab); PyMem_Free(df); PyMem_Free(union_places);
    PyMem_Free(origin[0]); PyMem_Free(origin[1]);
    PyBuffer_Release(&wb); PyBuffer_Release(&cb);
    return result;
}

/* set_tables(keys: int64 sorted, kinds, n, shift, n_features) -> list of (rows, ids, vocab, cols, sets)
   Sets of features (content stems, names, figures) of n sentences, kind after kind: key rows k * n + s
   for sentence s of kind k. For each kind (dedup.sentence_tables._set_kinds): its distinct entries' rows
   and ids, its vocabulary (sorted distinct ids), each entry's column there (bytes of int32 arrays), and
   each sentence's ids as a frozenset (a tuple of n). */
static PyObject *set_tables(PyObject *self, PyObject *args) {
    Py_buffer kb;
    Py_ssize_t n_kinds, n;
    int shift;
    long long n_features;
    if (!PyArg_ParseTuple(args, "y*nniL", &kb, &n_kinds, &n, &shift, &n_features)) return NULL;
    PyObject *result = NULL, *out = NULL;
    int32_t *rows = NULL, *ids = NULL, *vocab = NULL, *cols = NULL;
    if (!check_keys(&kb, "keys")) goto done;
    if (n_features <= 0 || n_features > (1LL << 31) || shift < 0 || shift > 40 || n_kinds < 0 || n < 0) {
        PyErr_SetString(PyExc_ValueError, "set_tables: n_features in [1, 2**31], shift in [0, 40], counts not negative");
        goto done;
    }
    const int64_t mask = n_features - 1, *k = kb.buf;
    Py_ssize_t m = kb.len / 8, size = m ? m : 1;
    for (Py_ssize_t i = 0; i < m; i++)
        if (k[i] < 0 || (i && k[i] < k[i - 1]) || (k[i] >> shift) >= n_kinds * n) {
            PyErr_SetString(PyExc_ValueError, "set_tables: keys must be sorted, their rows below kinds * n");
            goto done;
        }
    rows = PyMem_Malloc((size_t)size * sizeof(int32_t)); ids = PyMem_Malloc((size_t)size * sizeof(int32_t));
    vocab = PyMem_Malloc((size_t)size * sizeof(int32_t)); cols = PyMem_Malloc((size_t)size * sizeof(int32_t));
    if (!rows || !ids || !vocab || !cols) { PyErr_NoMemory(); goto done; }
    Py_ssize_t at = 0;  /* the next key to read */
    out = PyList_New(n_kinds);
    if (!out) goto done;
    for (Py_ssize_t kind = 0; kind < n_kinds; kind++) {
        int64_t first = (int64_t)kind * n;
        Py_ssize_t e = 0;
        PyObject *sets = PyTuple_New(n);
        if (!sets) goto done;
        for (Py_ssize_t s = 0; s < n; s++) {
            Py_ssize_t start = e;
            while (at < m && (k[at] >> shift) == first + s) {
                if (!(e > start && k[at] == k[at - 1])) {
                    rows[e] = (int32_t)s;
                    ids[e++] = (int32_t)(k[at] & mask);
                }
                at++;
            }
            PyObject *members = PyTuple_New(e - start);
            if (!members) { Py_DECREF(sets); goto done; }
            for (Py_ssize_t i = start; i < e; i++) {
                PyObject *v = PyLong_FromLong(ids[i]);
                if (!v) { Py_DECREF(members); Py_DECREF(sets); goto done; }
                PyTuple_SET_ITEM(members, i - start, v);
            }
            PyObject *set = PyFrozenSet_New(members);
            Py_DECREF(members);
            if (!set) { Py_DECREF(sets); goto done; }
            PyTuple_SET_ITEM(sets, s, set);
        }
        Py_ssize_t d = vocabulary(ids, e, vocab, NULL, cols);
        if (d < 0) { Py_DECREF(sets); goto done; }
        PyObject *item = Py_BuildValue("(NNNNN)", i32_bytes(rows, e), i32_bytes(ids, e), i32_bytes(vocab, d),
                                       i32_bytes(cols, e), sets);
        if (!item) goto done;
        PyList_SET_ITEM(out, kind, item);
    }
    result = out;
    out = NULL;
done:
    Py_XDECREF(out);
    PyMem_Free(rows); PyMem_Free(ids); PyMem_Free(vocab); PyMem_Free(cols);
    PyBuffer_Release(&kb);
    return result;
}

/* edit_ratio(a: list, b: list, needed: float, longest: int) -> float
   dedup.link_kinds._edit_ratio of two token lists: 0.0 when the length bound or the shared tokens (as
   multisets) already fall under ``needed``, the shared tokens' ratio past ``longest`` tokens in all, else
   difflib's SequenceMatcher(None, a, b, autojunk=False).ratio(): the sizes of its matching blocks, found
   as difflib finds them (the longest match of a range, the earliest in ``a`` then in ``b`` of equal ones,
   then the ranges on either side of it), with the same float arithmetic. Tokens are compared as Python
   objects (equal strings are equal), through one dict that numbers them. */
static PyObject *edit_ratio(PyObject *self, PyObject *args) {
    PyObject *a, *b, *numbers = NULL, *result = NULL;
    double needed;
    Py_ssize_t longest;
    if (!PyArg_ParseTuple(args, "O!O!dn", &PyList_Type, &a, &PyList_Type, &b, &needed, &longest)) return NULL;
    Py_ssize_t la = PyList_GET_SIZE(a), lb = PyList_GET_SIZE(b), total = la + lb;
    if (!total) return PyFloat_FromDouble(1.0);
    if (2.0 * (double)(la < lb ? la : lb) / (double)total < needed) return PyFloat_FromDouble(0.0);
    Py_ssize_t *aid = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(la + 1)), *bid = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(lb + 1));
    Py_ssize_t *count = NULL, *start = NULL, *where = NULL, *stack = NULL;
    Py_ssize_t *len_prev = NULL, *len_cur = NULL;
    int64_t *row_prev = NULL, *row_cur = NULL;
    if (!aid || !bid) { PyErr_NoMemory(); goto done; }
    numbers = PyDict_New();
    if (!numbers) goto done;
    Py_ssize_t kinds = 0;
    for (Py_ssize_t j = 0; j < lb; j++) {  /* b's tokens numbered in order of first sight */
        PyObject *token = PyList_GET_ITEM(b, j), *found = PyDict_GetItemWithError(numbers, token);
        if (found) { bid[j] = PyLong_AsSsize_t(found); continue; }
        if (PyErr_Occurred()) goto done;
        PyObject *k = PyLong_FromSsize_t(kinds);
        if (!k || PyDict_SetItem(numbers, token, k) < 0) { Py_XDECREF(k); goto done; }
        Py_DECREF(k);
        bid[j] = kinds++;
    }
    for (Py_ssize_t i = 0; i < la; i++) {  /* a's tokens by b's numbers; -1: not in b */
        PyObject *found = PyDict_GetItemWithError(numbers, PyList_GET_ITEM(a, i));
        if (found) { aid[i] = PyLong_AsSsize_t(found); continue; }
        if (PyErr_Occurred()) goto done;
        aid[i] = -1;
    }
    count = PyMem_Calloc((size_t)kinds + 1, sizeof(Py_ssize_t));
    start = PyMem_Calloc((size_t)kinds + 2, sizeof(Py_ssize_t));
    where = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(lb + 1));
    if (!count || !start || !where) { PyErr_NoMemory(); goto done; }
    for (Py_ssize_t j = 0; j < lb; j++) count[bid[j]]++;
    for (Py_ssize_t k = 0; k < kinds; k++) start[k + 1] = start[k] + count[k];
    Py_ssize_t shared = 0;  /* tokens shared as multisets (difflib's quick_ratio) */
    for (Py_ssize_t i = 0; i < la; i++)
        if (aid[i] >= 0 && count[aid[i]] > 0) { count[aid[i]]--; shared++; }
    double bound = 2.0 * (double)shared / (double)total;
    if (bound < needed) { result = PyFloat_FromDouble(0.0); goto done; }
    if (total > longest) { result = PyFloat_FromDouble(bound); goto done; }
    /* b2j: each token's places in b, ascending */
    memset(count, 0, sizeof(Py_ssize_t) * (size_t)kinds);
    for (Py_ssize_t j = 0; j < lb; j++) where[start[bid[j]] + count[bid[j]]++] = j;
    len_prev = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(lb + 1));
    len_cur = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(lb + 1));
    row_prev = PyMem_Malloc(sizeof(int64_t) * (size_t)(lb + 1));
    row_cur = PyMem_Malloc(sizeof(int64_t) * (size_t)(lb + 1));
    stack = PyMem_Malloc(sizeof(Py_ssize_t) * 4 * (size_t)(la + lb + 2));
    if (!len_prev || !len_cur || !row_prev || !row_cur || !stack) { PyErr_NoMemory(); goto done; }
    for (Py_ssize_t j = 0; j <= lb; j++) row_prev[j] = row_cur[j] = -2;
    int64_t row = 0;  /* a number for each row of every search: a length is read only from the row before */
    Py_ssize_t matched = 0, top = 0;
    stack[0] = 0; stack[1] = la; stack[2] = 0; stack[3] = lb; top = 1;
    while (top) {
        top--;
        Py_ssize_t alo = stack[4 * top], ahi = stack[4 * top + 1], blo = stack[4 * top + 2], bhi = stack[4 * top + 3];
        Py_ssize_t besti = alo, bestj = blo, bestsize = 0;
        row += 2;  /* no row of an earlier search is the row before this search's first */
        for (Py_ssize_t i = alo; i < ahi; i++, row++) {
            Py_ssize_t *tl = len_prev; len_prev = len_cur; len_cur = tl;
            int64_t *tr = row_prev; row_prev = row_cur; row_cur = tr;
            /* now *_prev holds row - 1 (the last row written), *_cur is written for this row */
            if (aid[i] < 0) continue;
            for (Py_ssize_t p = start[aid[i]], e = start[aid[i] + 1]; p < e; p++) {
                Py_ssize_t j = where[p];
                if (j < blo) continue;
                if (j >= bhi) break;
                Py_ssize_t k = (j > 0 && row_prev[j - 1] == row - 1 ? len_prev[j - 1] : 0) + 1;
                len_cur[j] = k;
                row_cur[j] = row;
                if (k > bestsize) { besti = i - k + 1; bestj = j - k + 1; bestsize = k; }
            }
        }
        /* difflib then widens the match by equal neighbours (none: it is already the longest) */
        while (besti > alo && bestj > blo && aid[besti - 1] >= 0 && aid[besti - 1] == bid[bestj - 1]) { besti--; bestj--; bestsize++; }
        while (besti + bestsize < ahi && bestj + bestsize < bhi && aid[besti + bestsize] >= 0 &&
               aid[besti + bestsize] == bid[bestj + bestsize]) bestsize++;
        if (!bestsize) continue;
        matched += bestsize;
        if (alo < besti && blo < bestj) {
            stack[4 * top] = alo; stack[4 * top + 1] = besti; stack[4 * top + 2] = blo; stack[4 * top + 3] = bestj; top++;
        }
        if (besti + bestsize < ahi && bestj + bestsize < bhi) {
            stack[4 * top] = besti + bestsize; stack[4 * top + 1] = ahi;
            stack[4 * top + 2] = bestj + bestsize; stack[4 * top + 3] = bhi; top++;
        }
    }
    result = PyFloat_FromDouble(2.0 * (double)matched / (double)total);
done:
    Py_XDECREF(numbers);
    PyMem_Free(aid); PyMem_Free(bid); PyMem_Free(count); PyMem_Free(start); PyMem_Free(where);
    PyMem_Free(len_prev); PyMem_Free(len_cur); PyMem_Free(row_prev); PyMem_Free(row_cur); PyMem_Free(stack);
    return result;
}

/* passage_measures(fa, fb, groups, min_similarity, min_words) -> [(a0, a1, b0, b1, similarity, verbatim,
   facts, wording, figures, rare, words_a, words_b), ...]
   The whole of dedup.passages._passage_measures_py for one pair: each merged group of colliding windows
   (``[a0, a1, b0, b1]``, in the order given) trimmed to its first and last shared content word, its
   distinct content words, names and figures on each side, and, for the groups whose Jaccard similarity
   reaches ``min_similarity`` with ``min_words`` words shared, the share of word 5-grams, names and figures
   kept and the shared words rare in the corpus. ``fa`` and ``fb`` are dedup.exact_sets.Features (their
   arrays read through the buffer protocol: C-contiguous, as ``features`` makes them). The same counts as
   the Python sets, each share the same division of the same two integers. */
typedef struct {
    Py_buffer b[9];
    int got;
    const uint64_t *tok, *rare, *gh;
    const int64_t *cs, *ce, *gs, *ge;
    const uint8_t *fact, *num;
    Py_ssize_t n, nr, g;
} pside_t;

static const char *pside_fields[9] = {"content_tokens", "content_starts", "content_ends", "content_is_fact",
                                      "content_is_number", "content", "gram_hashes", "gram_starts", "gram_ends"};

static void pside_release(pside_t *s) {
    for (int k = 0; k < s->got; k++) PyBuffer_Release(&s->b[k]);
    s->got = 0;
}

static int pside_read(pside_t *s, PyObject *f) {
    static const Py_ssize_t size[9] = {8, 8, 8, 1, 1, 8, 8, 8, 8};
    s->got = 0;
    for (int k = 0; k < 9; k++) {
        PyObject *a = PyObject_GetAttrString(f, pside_fields[k]);
        if (!a) return 0;
        int bad = PyObject_GetBuffer(a, &s->b[k], PyBUF_SIMPLE) < 0;  /* C-contiguous, or an error */
        Py_DECREF(a);
        if (bad) {  /* numpy says ValueError: BufferError tells the caller to take the Python way */
            if (PyErr_ExceptionMatches(PyExc_ValueError) || PyErr_ExceptionMatches(PyExc_TypeError)) {
                PyErr_Clear();
                PyErr_Format(PyExc_BufferError, "%s: not a contiguous array", pside_fields[k]);
            }
            return 0;
        }
        s->got++;
    }
    s->n = s->b[0].len / 8; s->nr = s->b[5].len / 8; s->g = s->b[6].len / 8;
    for (int k = 0; k < 9; k++) {
        Py_ssize_t count = k < 5 ? s->n : k == 5 ? s->nr : s->g;
        if (!check(&s->b[k], size[k], count, pside_fields[k])) return 0;
    }
    s->tok = s->b[0].buf; s->cs = s->b[1].buf; s->ce = s->b[2].buf; s->fact = s->b[3].buf; s->num = s->b[4].buf;
    s->rare = s->b[5].buf; s->gh = s->b[6].buf; s->gs = s->b[7].buf; s->ge = s->b[8].buf;
    return 1;
}

static inline Py_ssize_t first_at_least(const int64_t *v, Py_ssize_t n, int64_t x) {  /* searchsorted, left */
    Py_ssize_t lo = 0, hi = n;
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (v[mid] < x) lo = mid + 1; else hi = mid;
    }
    return lo;
}

static inline int has_u64(const uint64_t *v, Py_ssize_t n, uint64_t x) {
    Py_ssize_t lo = 0, hi = n;
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (v[mid] < x) lo = mid + 1; else hi = mid;
    }
    return lo < n && v[lo] == x;
}

/* A set of hashes (open addressing; emptied by a new stamp, not by clearing), each with flags joined, and
   its distinct members in the order they came: a passage's words, a span's 5-grams. */
typedef struct {
    uint64_t *key;
    uint32_t *stamp;
    uint8_t *flag;
    Py_ssize_t *items;
    Py_ssize_t mask, size;
    uint32_t now;
} hset_t;

/* ``h`` made ready for ``most`` members: grown when smaller (its arrays kept between calls: the kernel runs
   for every candidate pair, under the GIL, and allocating them each time cost as much as the work). */
static int hset_reserve(hset_t *h, Py_ssize_t most) {
    Py_ssize_t cap = 16;
    while (cap < 2 * most + 2) cap *= 2;
    if (h->key && h->mask + 1 >= cap) return 1;
    PyMem_RawFree(h->key); PyMem_RawFree(h->stamp); PyMem_RawFree(h->flag); PyMem_RawFree(h->items);
    h->mask = cap - 1;
    h->size = 0;
    h->now = 1;
    h->key = PyMem_RawMalloc(sizeof(uint64_t) * (size_t)cap);
    h->stamp = PyMem_RawCalloc((size_t)cap, sizeof(uint32_t));
    h->flag = PyMem_RawMalloc((size_t)cap);
    h->items = PyMem_RawMalloc(sizeof(Py_ssize_t) * (size_t)cap);
    if (h->key && h->stamp && h->flag && h->items) return 1;
    PyMem_RawFree(h->key); PyMem_RawFree(h->stamp); PyMem_RawFree(h->flag); PyMem_RawFree(h->items);
    h->key = NULL; h->stamp = NULL; h->flag = NULL; h->items = NULL;
    return 0;
}

static void hset_clear(hset_t *h) {
    h->size = 0;
    if (++h->now == 0) {
        memset(h->stamp, 0, sizeof(uint32_t) * (size_t)(h->mask + 1));
        h->now = 1;
    }
}

static inline Py_ssize_t hset_slot(const hset_t *h, uint64_t x) {
    Py_ssize_t i = (Py_ssize_t)(mix64(x) & (uint64_t)h->mask);
    while (h->stamp[i] == h->now && h->key[i] != x) i = (i + 1) & h->mask;
    return i;
}

static inline void hset_add(hset_t *h, uint64_t x, uint8_t f) {
    Py_ssize_t i = hset_slot(h, x);
    if (h->stamp[i] != h->now) {
        h->stamp[i] = h->now; h->key[i] = x; h->flag[i] = f;
        h->items[h->size++] = i;
    } else {
        h->flag[i] |= f;
    }
}

/* The flags of ``x`` in the set plus 0x80, or 0 when it is not there. */
static inline int hset_get(const hset_t *h, uint64_t x) {
    Py_ssize_t i = hset_slot(h, x);
    return h->stamp[i] == h->now ? 0x80 | h->flag[i] : 0;
}

#define F_FACT 1
#define F_NUMBER 2

/* The content words of a side starting in [span[0], span[1]) into ``h``, with their flags (1 a name or
   figure, 2 a figure: a word is a name when any of its places is one, as the Python sets gather it). */
static void span_words(const pside_t *s, const int64_t *span, hset_t *h, int flags) {
    Py_ssize_t lo = first_at_least(s->cs, s->n, span[0]), hi = first_at_least(s->cs, s->n, span[1]);
    hset_clear(h);
    for (Py_ssize_t k = lo; k < hi; k++)
        hset_add(h, s->tok[k], flags ? (uint8_t)((s->fact[k] ? F_FACT : 0) | (s->num[k] ? F_NUMBER : 0)) : 0);
}

/* A side's span trimmed to its first and last content word found in ``other``. */
static void trim_side(const pside_t *s, int64_t *span, const hset_t *other) {
    Py_ssize_t lo = first_at_least(s->cs, s->n, span[0]), hi = first_at_least(s->cs, s->n, span[1]);
    Py_ssize_t first = -1, last = -1;
    for (Py_ssize_t k = lo; k < hi; k++) if (hset_get(other, s->tok[k])) { first = k; break; }
    if (first < 0) return;
    for (Py_ssize_t k = hi - 1; k >= first; k--) if (hset_get(other, s->tok[k])) { last = k; break; }
    span[0] = s->cs[first];
    span[1] = s->ce[last];
}

/* The word 5-grams of a side that start in ``span`` and end by its end, into ``h``. */
static void span_grams(const pside_t *s, const int64_t *span, hset_t *h) {
    Py_ssize_t lo = first_at_least(s->gs, s->g, span[0]), hi = first_at_least(s->gs, s->g, span[1]);
    hset_clear(h);
    for (Py_ssize_t k = lo; k < hi; k++) if (s->ge[k] <= span[1]) hset_add(h, s->gh[k], 0);
}

static int read_group(PyObject *group, int64_t *a, int64_t *b) {
    PyObject *seq = PySequence_Fast(group, "a group is four integers");
    if (!seq) return 0;
    if (PySequence_Fast_GET_SIZE(seq) != 4) {
        Py_DECREF(seq);
        PyErr_SetString(PyExc_ValueError, "a group is four integers");
        return 0;
    }
    a[0] = PyLong_AsLongLong(PySequence_Fast_GET_ITEM(seq, 0)); a[1] = PyLong_AsLongLong(PySequence_Fast_GET_ITEM(seq, 1));
    b[0] = PyLong_AsLongLong(PySequence_Fast_GET_ITEM(seq, 2)); b[1] = PyLong_AsLongLong(PySequence_Fast_GET_ITEM(seq, 3));
    Py_DECREF(seq);
    return !PyErr_Occurred();
}

/* One group measured: NULL with an error set, Py_None when it is no passage, else its row. */
static PyObject *measure_group(const pside_t *A, const pside_t *B, hset_t *ha, hset_t *hb, int64_t *a, int64_t *b,
                               double min_similarity, Py_ssize_t min_words) {
    /* trimmed to the first and last content word the two spans share */
    span_words(A, a, ha, 0);
    span_words(B, b, hb, 0);
    trim_side(A, a, hb);
    trim_side(B, b, ha);
    /* the trimmed spans' distinct words, names and figures */
    span_words(A, a, ha, 1);
    span_words(B, b, hb, 1);
    Py_ssize_t ma = ha->size, mb = hb->size, shared = 0, wording = 0, facts_both = 0, figures_both = 0, rare = 0;
    Py_ssize_t facts_a = 0, facts_b = 0, figures_a = 0, figures_b = 0;
    for (Py_ssize_t k = 0; k < mb; k++) {
        uint8_t f = hb->flag[hb->items[k]];
        facts_b += (f & F_FACT) != 0; figures_b += (f & F_NUMBER) != 0;
    }
    for (Py_ssize_t k = 0; k < ma; k++) {
        Py_ssize_t slot = ha->items[k];
        uint8_t fi = ha->flag[slot];
        facts_a += (fi & F_FACT) != 0; figures_a += (fi & F_NUMBER) != 0;
        int fj = hset_get(hb, ha->key[slot]);
        if (!fj) continue;
        shared++;
        wording += !((fi | fj) & F_FACT);
        facts_both += (fi & fj & F_FACT) != 0;
        figures_both += (fi & fj & F_NUMBER) != 0;
    }
    Py_ssize_t uni = ma + mb - shared;
    double similarity = uni ? (double)shared / (double)uni : 0.0;
    if (!(similarity >= min_similarity && shared >= min_words)) Py_RETURN_NONE;
    for (Py_ssize_t k = 0; k < ma; k++) {  /* the shared words rare in the corpus (``fa.content``) */
        uint64_t t = ha->key[ha->items[k]];
        rare += hset_get(hb, t) && has_u64(A->rare, A->nr, t);
    }
    span_grams(A, a, ha);
    span_grams(B, b, hb);
    Py_ssize_t n_ga = ha->size, n_gb = hb->size, grams_both = 0;
    for (Py_ssize_t k = 0; k < n_ga; k++) grams_both += hset_get(hb, ha->key[ha->items[k]]) != 0;
    Py_ssize_t smaller = n_ga < n_gb ? n_ga : n_gb;
    double verbatim = smaller ? (double)grams_both / (double)smaller : 0.0;
    smaller = facts_a < facts_b ? facts_a : facts_b;
    double facts = smaller ? (double)facts_both / (double)smaller : 1.0;
    uni = figures_a + figures_b - figures_both;
    double figures = uni ? (double)figures_both / (double)uni : 1.0;
    return Py_BuildValue("(LLLLdddndnnn)", (long long)a[0], (long long)a[1], (long long)b[0], (long long)b[1],
                         similarity, verbatim, facts, wording, figures, rare, ma, mb);
}

static PyObject *passage_measures(PyObject *self, PyObject *args) {
    PyObject *fa, *fb, *groups, *out = NULL;
    double min_similarity;
    Py_ssize_t min_words;
    if (!PyArg_ParseTuple(args, "OOO!dn", &fa, &fb, &PyList_Type, &groups, &min_similarity, &min_words)) return NULL;
    static hset_t ha, hb;  /* kept between calls (hset_reserve) */
    pside_t A, B;
    A.got = B.got = 0;
    if (!pside_read(&A, fa) || !pside_read(&B, fb)) goto done;
    Py_ssize_t most = A.n > B.n ? A.n : B.n;
    if (A.g > most) most = A.g;
    if (B.g > most) most = B.g;
    if (!hset_reserve(&ha, most) || !hset_reserve(&hb, most)) { PyErr_NoMemory(); goto done; }
    out = PyList_New(0);
    if (!out) goto done;
    for (Py_ssize_t q = 0; q < PyList_GET_SIZE(groups); q++) {
        int64_t a[2], b[2];
        if (!read_group(PyList_GET_ITEM(groups, q), a, b)) { Py_CLEAR(out); goto done; }
        PyObject *row = measure_group(&A, &B, &ha, &hb, a, b, min_similarity, min_words);
        if (!row || (row != Py_None && PyList_Append(out, row) < 0)) { Py_XDECREF(row); Py_CLEAR(out); goto done; }
        Py_DECREF(row);
    }
done:
    pside_release(&A); pside_release(&B);
    return out;
}

/* spread_partners(table: int64 (n, 3), start, end, partner) -> count
   dedup.evidence._partners for one passage: how many distinct documents ``k`` other than ``partner``
   among the stretches ``(a0, a1, k)`` of a document share most of ``[start, end)`` or it most of theirs
   (``2 * overlap > min(a1 - a0, end - start)``). A form's stretches are hundreds; each of its pairs'
   passages is counted against them. */
static int cmp_i64(const void *x, const void *y) {
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

static PyObject *spread_partners(PyObject *self, PyObject *args) {
    Py_buffer t;
    long long s0, s1, partner;
    if (!PyArg_ParseTuple(args, "y*LLL", &t, &s0, &s1, &partner)) return NULL;
    PyObject *result = NULL;
    Py_ssize_t n = t.len / 24, found = 0, distinct = 0;
    int64_t *ks = NULL;
    if (!check(&t, 8, 3 * n, "table")) goto done;
    const int64_t *v = t.buf;
    ks = PyMem_Malloc(sizeof(int64_t) * (size_t)(n + 1));
    if (!ks) { PyErr_NoMemory(); goto done; }
    for (Py_ssize_t r = 0; r < n; r++) {
        int64_t a0 = v[3 * r], a1 = v[3 * r + 1], k = v[3 * r + 2];
        if (k == partner) continue;
        int64_t overlap = (a1 < s1 ? a1 : s1) - (a0 > s0 ? a0 : s0), la = a1 - a0, ls = s1 - s0;
        if (2 * overlap > (la < ls ? la : ls)) ks[found++] = k;
    }
    if (found > 1) qsort(ks, (size_t)found, sizeof(int64_t), cmp_i64);
    for (Py_ssize_t r = 0; r < found; r++) distinct += !r || ks[r] != ks[r - 1];
    result = PyLong_FromSsize_t(distinct);
done:
    PyMem_Free(ks);
    PyBuffer_Release(&t);
    return result;
}

/* shared_runs(a: uint64, b: uint64, grams_a: uint64, grams_b: uint64, span: int, most: int) -> bytes
   dedup.evidence._runs_py: the runs of word 5-grams two texts hold one after another in both, from the
   texts' 5-gram hashes in text order (``a``, ``b``) and their sorted distinct values (``grams_a``,
   ``grams_b``). A place of ``a`` pairs with a place of ``b`` holding the same value, unless either text
   holds that value more than ``most`` times; a run is a chain of pairs (i, j), (i + 1, j + 1), ...; those
   whose last pair is at least ``span`` places after the first are returned as int64 quadruples (i first,
   i last, j first, j last), ordered by diagonal (j - i) then i. Nothing when ``a`` has no more than ``span``
   places shared at all. The values both texts hold are found by one merge of the sorted ones, each place is
   ranked among them and b's places grouped by rank, without a sort; numpy did it in two dozen small array
   operations and three sorts a candidate pair. */
static int cmp_run(const void *x, const void *y) {
    const int64_t *a = x, *b = y;
    int64_t da = a[2] - a[0], db = b[2] - b[0];
    if (da != db) return (da > db) - (da < db);
    return (a[0] > b[0]) - (a[0] < b[0]);
}

/* rank[p] = the index in ``shared`` (sorted, ``s`` values) of the value at each place of ``h``, or -1; count[r]
   how many places hold value r. The places found. */
static Py_ssize_t ranked(const uint64_t *h, Py_ssize_t n, const uint64_t *shared, Py_ssize_t s, int32_t *rank,
                         int32_t *count) {
    Py_ssize_t found = 0;
    uint64_t lo_value = shared[0], hi_value = shared[s - 1];
    for (Py_ssize_t i = 0; i < n; i++) {
        uint64_t x = h[i];
        rank[i] = -1;
        if (x < lo_value || x > hi_value) continue;
        Py_ssize_t lo = 0, hi = s;
        while (lo < hi) {
            Py_ssize_t mid = lo + (hi - lo) / 2;
            if (shared[mid] < x) lo = mid + 1; else hi = mid;
        }
        if (lo < s && shared[lo] == x) { rank[i] = (int32_t)lo; count[lo]++; found++; }
    }
    return found;
}

static PyObject *shared_runs(PyObject *self, PyObject *args) {
    Py_buffer ba, bb, bga, bgb;
    Py_ssize_t span, most;
    if (!PyArg_ParseTuple(args, "y*y*y*y*nn", &ba, &bb, &bga, &bgb, &span, &most)) return NULL;
    PyObject *result = NULL;
    uint64_t *shared = NULL;
    int32_t *work = NULL;
    int64_t *runs = NULL;
    Py_ssize_t na = ba.len / 8, nb = bb.len / 8, ta = bga.len / 8, tb = bgb.len / 8, count = 0, room = 0, s = 0;
    if (!check(&ba, 8, na, "a") || !check(&bb, 8, nb, "b") || !check(&bga, 8, ta, "grams_a") ||
        !check(&bgb, 8, tb, "grams_b")) goto done;
    const uint64_t *a = ba.buf, *b = bb.buf, *ga = bga.buf, *gb = bgb.buf;
    shared = PyMem_Malloc(sizeof(uint64_t) * (size_t)((ta < tb ? ta : tb) + 1));
    if (!shared) { PyErr_NoMemory(); goto done; }
    for (Py_ssize_t i = 0, j = 0; i < ta && j < tb;) {  /* the values both hold: one merge */
        if (ga[i] < gb[j]) i++;
        else if (gb[j] < ga[i]) j++;
        else { shared[s++] = ga[i]; i++; j++; }
    }
    if (s == 0) { result = PyBytes_FromStringAndSize(NULL, 0); goto done; }
    /* the ranks of a's and b's places, each value's places in a and in b, b's places by value (in order) */
    work = PyMem_Malloc(sizeof(int32_t) * (size_t)(2 * na + 2 * nb + 4 * s + 4));
    if (!work) { PyErr_NoMemory(); goto done; }
    int32_t *rank_a = work, *rank_b = rank_a + na, *count_a = rank_b + nb, *count_b = count_a + s,
            *first_b = count_b + s, *places_b = first_b + s + 1, *filled = places_b + nb;
    memset(count_a, 0, sizeof(int32_t) * (size_t)(2 * s));
    if (ranked(a, na, shared, s, rank_a, count_a) <= span) { result = PyBytes_FromStringAndSize(NULL, 0); goto done; }
    ranked(b, nb, shared, s, rank_b, count_b);
    first_b[0] = 0;
    for (Py_ssize_t r = 0; r < s; r++) { first_b[r + 1] = first_b[r] + count_b[r]; filled[r] = first_b[r]; }
    for (Py_ssize_t j = 0; j < nb; j++) if (rank_b[j] >= 0) places_b[filled[rank_b[j]]++] = (int32_t)j;
    /* a place is paired when its value is found at most ``most`` times in each text */
    for (Py_ssize_t i = 0; i < na; i++) if (rank_a[i] >= 0 && (count_a[rank_a[i]] > most || count_b[rank_a[i]] > most)) rank_a[i] = -1;
    for (Py_ssize_t j = 0; j < nb; j++) if (rank_b[j] >= 0 && (count_a[rank_b[j]] > most || count_b[rank_b[j]] > most)) rank_b[j] = -1;
    for (Py_ssize_t i = 0; i < na; i++) {
        int32_t r = rank_a[i];
        if (r < 0) continue;
        for (int32_t y = first_b[r]; y < first_b[r + 1]; y++) {
            Py_ssize_t j = places_b[y], k = 0;
            if (i && j && rank_a[i - 1] >= 0 && rank_a[i - 1] == rank_b[j - 1]) continue;  /* inside a run */
            while (i + k + 1 < na && j + k + 1 < nb && rank_a[i + k + 1] >= 0 && rank_a[i + k + 1] == rank_b[j + k + 1]) k++;
            if (k < span) continue;
            if (count == room) {
                room = room ? 2 * room : 16;
                int64_t *grown = PyMem_Realloc(runs, sizeof(int64_t) * 4 * (size_t)room);
                if (!grown) { PyErr_NoMemory(); goto done; }
                runs = grown;
            }
            int64_t *q = runs + 4 * count++;
            q[0] = i; q[1] = i + k; q[2] = j; q[3] = j + k;
        }
    }
    if (count > 1) qsort(runs, (size_t)count, 4 * sizeof(int64_t), cmp_run);
    result = PyBytes_FromStringAndSize((const char *)runs, (Py_ssize_t)(4 * sizeof(int64_t) * (size_t)count));
done:
    PyMem_Free(shared); PyMem_Free(work); PyMem_Free(runs);
    PyBuffer_Release(&ba); PyBuffer_Release(&bb); PyBuffer_Release(&bga); PyBuffer_Release(&bgb);
    return result;
}

/* figure_set(text: str) -> frozenset | None, slot_sentences(text: str) -> dict | None
   dedup.figure_sets._figure_set_py and dedup.refilled._slot_sentences_py for an ASCII text (None for any other: the
   regular expressions' \d, \w and \s are Unicode's there), what the verdict reads of every text of a
   scan's candidate pairs. The patterns, read by hand: a figure is ``\b\d+(?:[.,/-]\d+)+\b|\b\d{2,}\b``
   (the chain of digit runs joined by one mark each, as long as a word boundary follows it, else one run
   shorter; else two digits or more); sentences end at white space after ``.!?`` or at line breaks
   (``(?<=[.!?])\s+|\n+``); a slot is ``\d[\d.,:/-]*``. White space is Python's (``str.isspace``: also
   \x1c-\x1f), as ``str.split`` cuts words. */
static inline int a_space(unsigned char c) { return c == ' ' || (c >= 9 && c <= 13) || (c >= 0x1c && c <= 0x1f); }
static inline int a_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static inline int a_word(unsigned char c) {
    return a_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
static inline int a_mark(unsigned char c) { return c == '.' || c == ',' || c == '/' || c == '-'; }
static inline int a_slot(unsigned char c) { return a_digit(c) || a_mark(c) || c == ':'; }

/* The end of the figure starting at ``p`` (a digit after no word character), or -1 when none starts there. */
static Py_ssize_t figure_end(const unsigned char *t, Py_ssize_t n, Py_ssize_t p) {
    Py_ssize_t q = p;
    while (q < n && a_digit(t[q])) q++;
    Py_ssize_t run = q, last_mark = -1, links = 0;
    while (q + 1 < n && a_mark(t[q]) && a_digit(t[q + 1])) {  /* the longest chain of marks and digit runs */
        last_mark = q;
        q += 1;
        while (q < n && a_digit(t[q])) q++;
        links++;
    }
    if (links && (q == n || !a_word(t[q]))) return q;
    if (links > 1) return last_mark;  /* one run shorter: a mark (no word character) follows */
    if (run - p >= 2 && (run == n || !a_word(t[run]))) return run;
    return -1;
}

static PyObject *figure_set(PyObject *self, PyObject *args) {
    PyObject *text;
    if (!PyArg_ParseTuple(args, "U", &text)) return NULL;
    if (!PyUnicode_IS_ASCII(text)) Py_RETURN_NONE;
    const unsigned char *t = PyUnicode_1BYTE_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *found = PySet_New(NULL);
    if (!found) return NULL;
    for (Py_ssize_t p = 0; p < n;) {
        Py_ssize_t end = a_digit(t[p]) && (p == 0 || !a_word(t[p - 1])) ? figure_end(t, n, p) : -1;
        if (end < 0) { p++; continue; }
        PyObject *figure = PyUnicode_FromStringAndSize((const char *)t + p, end - p);
        if (!figure || PySet_Add(found, figure) < 0) { Py_XDECREF(figure); Py_DECREF(found); return NULL; }
        Py_DECREF(figure);
        p = end;
    }
    PyObject *out = PyFrozenSet_New(found);
    Py_DECREF(found);
    return out;
}

/* One sentence's entry: its words joined by single spaces (``raw``), and that lower-cased with each slot
   written '#' (``key``); 0 when it has fewer than four words. ``buf`` holds twice the sentence. */
static int slot_entry(const unsigned char *t, Py_ssize_t a, Py_ssize_t b, char *buf, Py_ssize_t *raw_len,
                      Py_ssize_t *key_len) {
    Py_ssize_t r = 0, words = 0;
    for (Py_ssize_t p = a; p < b;) {
        while (p < b && a_space(t[p])) p++;
        if (p == b) break;
        if (words++) buf[r++] = ' ';
        while (p < b && !a_space(t[p])) buf[r++] = (char)t[p++];
    }
    if (words < 4) return 0;
    char *key = buf + r;
    Py_ssize_t k = 0;
    for (Py_ssize_t p = 0; p < r;) {
        unsigned char c = (unsigned char)buf[p];
        if (a_digit(c)) {
            key[k++] = '#';
            p++;
            while (p < r && a_slot((unsigned char)buf[p])) p++;
        } else {
            key[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            p++;
        }
    }
    *raw_len = r;
    *key_len = k;
    return 1;
}

static int slot_add(PyObject *out, const unsigned char *t, Py_ssize_t a, Py_ssize_t b, char *buf) {
    int digit = 0;
    for (Py_ssize_t p = a; p < b && !digit; p++) digit = a_digit(t[p]);
    Py_ssize_t raw_len, key_len;
    if (!digit || !slot_entry(t, a, b, buf, &raw_len, &key_len)) return 1;
    PyObject *key = PyUnicode_FromStringAndSize(buf + raw_len, key_len), *raw = PyUnicode_FromStringAndSize(buf, raw_len);
    PyObject *raws = key ? PyDict_GetItemWithError(out, key) : NULL;  /* borrowed */
    int ok = key && raw && !PyErr_Occurred();
    if (ok && !raws) {
        raws = PySet_New(NULL);
        ok = raws && PyDict_SetItem(out, key, raws) == 0;
        Py_XDECREF(raws);  /* the dict holds it */
    }
    ok = ok && PySet_Add(raws, raw) == 0;
    Py_XDECREF(key); Py_XDECREF(raw);
    return ok;
}

static PyObject *slot_sentences(PyObject *self, PyObject *args) {
    PyObject *text;
    if (!PyArg_ParseTuple(args, "U", &text)) return NULL;
    if (!PyUnicode_IS_ASCII(text)) Py_RETURN_NONE;
    const unsigned char *t = PyUnicode_1BYTE_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), start = 0;
    PyObject *out = PyDict_New();
    char *buf = PyMem_Malloc((size_t)(2 * n + 2));
    if (!out || !buf) { PyMem_Free(buf); Py_XDECREF(out); return out ? PyErr_NoMemory() : NULL; }
    int ok = 1;
    for (Py_ssize_t p = 0; p < n && ok;) {  /* re.split by (?<=[.!?])\s+|\n+ */
        Py_ssize_t q = p;
        if (a_space(t[p]) && p > 0 && (t[p - 1] == '.' || t[p - 1] == '!' || t[p - 1] == '?'))
            while (q < n && a_space(t[q])) q++;
        else if (t[p] == '\n')
            while (q < n && t[q] == '\n') q++;
        if (q == p) { p++; continue; }
        ok = slot_add(out, t, start, p, buf);
        start = p = q;
    }
    if (ok) ok = slot_add(out, t, start, n, buf);
    PyMem_Free(buf);
    if (!ok) { Py_DECREF(out); return NULL; }
    PyObject *key, *raws;
    Py_ssize_t pos = 0;
    while (PyDict_Next(out, &pos, &key, &raws)) {  /* each sentence's wordings as a frozenset */
        PyObject *frozen = PyFrozenSet_New(raws);
        if (!frozen || PyDict_SetItem(out, key, frozen) < 0) { Py_XDECREF(frozen); Py_DECREF(out); return NULL; }
        Py_DECREF(frozen);
    }
    return out;
}

/* Ascending sort of n 64-bit unsigned values in place: quicksort on the median of three (Hoare's
   partition: neither side empty, since the median of three distinct places is no unique maximum),
   the smaller side first, insertion sort under 17. */
static void sort_u64(uint64_t *a, Py_ssize_t n) {
    while (n > 16) {
        uint64_t x = a[0], y = a[n / 2], z = a[n - 1];
        uint64_t p = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        Py_ssize_t i = -1, j = n;
        for (;;) {
            do i++; while (a[i] < p);
            do j--; while (a[j] > p);
            if (i >= j) break;
            uint64_t t = a[i]; a[i] = a[j]; a[j] = t;
        }
        Py_ssize_t left = j + 1;  /* [0, left) <= p <= [left, n) */
        if (left < n - left) { sort_u64(a, left); a += left; n -= left; }
        else { sort_u64(a + left, n - left); n = left; }
    }
    for (Py_ssize_t i = 1; i < n; i++) {
        uint64_t v = a[i];
        Py_ssize_t k = i;
        while (k > 0 && a[k - 1] > v) { a[k] = a[k - 1]; k--; }
        a[k] = v;
    }
}

/* unique_runs(values: uint64, offsets: int64, out: uint64 writable, out_offsets: int64 writable) -> count
   Each run values[offsets[d]:offsets[d + 1]] sorted and without repeats (np.unique of each document's
   hashes, dedup.exact_sets.features), written one run after another into out, where run d now starts at
   out_offsets[d] (and the last ends at out_offsets[docs]); the count written. ValueError on offsets out of
   order or range, or buffers of the wrong size. */
static PyObject *unique_runs(PyObject *self, PyObject *args) {
    Py_buffer values, offsets, out, out_offsets;
    if (!PyArg_ParseTuple(args, "y*y*w*w*", &values, &offsets, &out, &out_offsets)) return NULL;
    PyObject *result = NULL;
    Py_ssize_t len = values.len / 8, docs = offsets.len / 8 - 1, count = 0;
    if (!check(&values, 8, len, "values") || !check(&offsets, 8, docs + 1, "offsets") || docs < 0 ||
        !check(&out, 8, len, "out") || !check(&out_offsets, 8, docs + 1, "out_offsets")) goto done;
    const uint64_t *v = values.buf;
    const int64_t *off = offsets.buf;
    uint64_t *o = out.buf;
    int64_t *oo = out_offsets.buf;
    int bad = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t d = 0; d < docs; d++) {
        int64_t lo = off[d], hi = off[d + 1];
        if (lo < 0 || hi > len || hi < lo || (d && lo < off[d - 1])) { bad = 1; break; }
        oo[d] = count;
        uint64_t *run = o + count;
        Py_ssize_t n = (Py_ssize_t)(hi - lo), kept = 0;
        memcpy(run, v + lo, (size_t)n * 8);
        sort_u64(run, n);
        for (Py_ssize_t i = 0; i < n; i++)
            if (!kept || run[i] != run[kept - 1]) run[kept++] = run[i];
        count += kept;
    }
    if (!bad) oo[docs] = count;
    Py_END_ALLOW_THREADS
    if (bad) PyErr_SetString(PyExc_ValueError, "unique_runs: offsets out of order or range");
    else result = PyLong_FromSsize_t(count);
done:
    PyBuffer_Release(&values); PyBuffer_Release(&offsets); PyBuffer_Release(&out); PyBuffer_Release(&out_offsets);
    return result;
}

/* The scores of a pair's sentence groups (a split or a merge: one sentence or two neighbours a side),
   dedup.sentence_scores.group_links: the group cosines of words and character n-grams from the per-sentence
   cosines, norms and neighbour products (dedup.pair_scores._few_group_cosines, the same operations in the
   same order), the shared content stems' Dice and the name and number checks on the unions of the
   sentences' sets (PairScores.group_scores). Returns the linkable groups as (derived, source, score). */

typedef struct {
    Py_buffer b;
    int held;
} view_t;

/* A float64 array of ``ndim`` dimensions read through its strides (a view of a batch's arrays). */
static int f64_view(PyObject *obj, view_t *v, int ndim, const char *what) {
    if (PyObject_GetBuffer(obj, &v->b, PyBUF_RECORDS_RO) < 0) return 0;
    v->held = 1;
    if (v->b.ndim != ndim || v->b.itemsize != 8 || !v->b.format || strcmp(v->b.format, "d") != 0) {
        PyErr_Format(PyExc_ValueError, "%s: expected a float64 array of %d dimensions", what, ndim);
        return 0;
    }
    return 1;
}

#define AT2(v, k, i) (*(const double *)((const char *)(v).b.buf + (k) * (v).b.strides[0] + (i) * (v).b.strides[1]))
#define AT3(v, k, i, j) (*(const double *)((const char *)(v).b.buf + (k) * (v).b.strides[0] + \
                                            (i) * (v).b.strides[1] + (j) * (v).b.strides[2]))

/* |x0 | x1| and |(x0 | x1) & (y0 | y1)| of frozensets (x1, y1 NULL for a single sentence); -1 on error. */
static int union_counts(PyObject *x0, PyObject *x1, PyObject *y0, PyObject *y1, Py_ssize_t *size, Py_ssize_t *inter) {
    *size = PySet_GET_SIZE(x0);
    *inter = 0;
    for (int part = 0; part < 2; part++) {
        PyObject *set = part ? x1 : x0;
        if (!set) break;
        PyObject *it = PyObject_GetIter(set), *key;
        if (!it) return -1;
        while ((key = PyIter_Next(it))) {
            int seen = part ? PySet_Contains(x0, key) : 0, found = 0;
            if (seen == 0) {
                if (part) (*size)++;
                found = PySet_Contains(y0, key);
                if (found == 0 && y1) found = PySet_Contains(y1, key);
                if (found > 0) (*inter)++;
            }
            Py_DECREF(key);
            if (seen < 0 || found < 0) { Py_DECREF(it); return -1; }
        }
        Py_DECREF(it);
        if (PyErr_Occurred()) return -1;
    }
    return 0;
}

static Py_ssize_t union_size(PyObject *x0, PyObject *x1) {
    Py_ssize_t size = PySet_GET_SIZE(x0);
    if (!x1) return size;
    PyObject *it = PyObject_GetIter(x1), *key;
    if (!it) return -1;
    while ((key = PyIter_Next(it))) {
        int seen = PySet_Contains(x0, key);
        Py_DECREF(key);
        if (seen < 0) { Py_DECREF(it); return -1; }
        size += !seen;
    }
    Py_DECREF(it);
    return PyErr_Occurred() ? -1 : size;
}

/* One group's sentences: its first and last (equal for one sentence), checked against the side's count. */
static int group_ends(PyObject *group, Py_ssize_t n, Py_ssize_t *first, Py_ssize_t *last) {
    if (!PyTuple_Check(group) || PyTuple_GET_SIZE(group) < 1 || PyTuple_GET_SIZE(group) > 2) {
        PyErr_SetString(PyExc_ValueError, "group_links: a group is a tuple of one or two sentences");
        return 0;
    }
    *first = PyLong_AsSsize_t(PyTuple_GET_ITEM(group, 0));
    *last = PyLong_AsSsize_t(PyTuple_GET_ITEM(group, PyTuple_GET_SIZE(group) - 1));
    if (PyErr_Occurred()) return 0;
    if (*first < 0 || *first >= n || *last < 0 || *last >= n) {
        PyErr_SetString(PyExc_IndexError, "group_links: a sentence out of range");
        return 0;
    }
    return 1;
}

/* The sentence sets of one side: three tuples (content, names, numbers) of n frozensets each. */
static int side_sets(PyObject *sets, Py_ssize_t n, PyObject **kinds) {
    if (!PyTuple_Check(sets) || PyTuple_GET_SIZE(sets) != 3) {
        PyErr_SetString(PyExc_ValueError, "group_links: a side's sets are three tuples");
        return 0;
    }
    for (int k = 0; k < 3; k++) {
        kinds[k] = PyTuple_GET_ITEM(sets, k);
        if (!PyTuple_Check(kinds[k]) || PyTuple_GET_SIZE(kinds[k]) != n) {
            PyErr_SetString(PyExc_ValueError, "group_links: a side's sets are one frozenset a sentence");
            return 0;
        }
        for (Py_ssize_t i = 0; i < n; i++)
            if (!PyFrozenSet_Check(PyTuple_GET_ITEM(kinds[k], i))) {
                PyErr_SetString(PyExc_TypeError, "group_links: a sentence's set must be a frozenset");
                return 0;
            }
    }
    return 1;
}

/* The ids of each sentence's set of one side's three kinds, sorted, as C longs, read when a group first
   needs them (each group read its sets' members through iterators and hashed lookups, kind by kind, for
   every group a sentence was in): kind k's sentence s holds vals[k][off[k][s]:off[k][s + 1]] once
   ready[k][s]. */
typedef struct {
    PyObject **kinds;
    Py_ssize_t *off[3];
    long *vals[3];
    char *ready[3];
} side_ids_t;

static void side_ids_free(side_ids_t *t) {
    for (int k = 0; k < 3; k++) {
        PyMem_Free(t->off[k]); PyMem_Free(t->vals[k]); PyMem_Free(t->ready[k]);
        t->off[k] = NULL; t->vals[k] = NULL; t->ready[k] = NULL;
    }
}

/* Room for a side's ids; 0 out of memory. */
static int side_ids(PyObject **kinds, Py_ssize_t n, side_ids_t *t) {
    t->kinds = kinds;
    for (int k = 0; k < 3; k++) {
        t->off[k] = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(n + 1));
        t->ready[k] = PyMem_Calloc((size_t)(n ? n : 1), 1);
        if (!t->off[k] || !t->ready[k]) { PyErr_NoMemory(); return 0; }
        Py_ssize_t at = 0;
        for (Py_ssize_t s = 0; s < n; s++) {
            t->off[k][s] = at;
            at += PySet_GET_SIZE(PyTuple_GET_ITEM(kinds[k], s));
        }
        t->off[k][n] = at;
        t->vals[k] = PyMem_Malloc(sizeof(long) * (size_t)(at ? at : 1));
        if (!t->vals[k]) { PyErr_NoMemory(); return 0; }
    }
    return 1;
}

/* Sentence s's ids of kind k made ready: 1; 0 on error (an exception set); -1 when a member is not an int
   (that group and the rest are then read as sets). */
static int ids_ready(side_ids_t *t, int k, Py_ssize_t s) {
    if (t->ready[k][s]) return 1;
    PyObject *set = PyTuple_GET_ITEM(t->kinds[k], s), *it = PyObject_GetIter(set), *key;
    if (!it) return 0;
    Py_ssize_t first = t->off[k][s], at = first, end = t->off[k][s + 1];
    long *vals = t->vals[k];
    while ((key = PyIter_Next(it))) {
        int ok = PyLong_CheckExact(key) && at < end;
        long v = ok ? PyLong_AsLong(key) : -1;
        Py_DECREF(key);
        if (!ok || (v == -1 && PyErr_Occurred())) {
            Py_DECREF(it);
            if (PyErr_Occurred()) PyErr_Clear();
            return -1;
        }
        Py_ssize_t i = at++;  /* insertion: a sentence's set is a few ids */
        while (i > first && vals[i - 1] > v) { vals[i] = vals[i - 1]; i--; }
        vals[i] = v;
    }
    Py_DECREF(it);
    if (PyErr_Occurred()) return 0;
    if (at != end) return -1;
    t->ready[k][s] = 1;
    return 1;
}

/* The group's sentences' ids of every kind made ready (as ids_ready). */
static int group_ready(side_ids_t *x, Py_ssize_t x0, Py_ssize_t x1, side_ids_t *y, Py_ssize_t y0, Py_ssize_t y1) {
    for (int k = 0; k < 3; k++) {
        int r;
        if ((r = ids_ready(x, k, x0)) < 1 || (r = ids_ready(x, k, x1)) < 1 || (r = ids_ready(y, k, y0)) < 1 ||
            (r = ids_ready(y, k, y1)) < 1) return r;
    }
    return 1;
}

/* The sorted distinct union of two sorted runs of distinct ids (b empty for a single sentence) into out;
   its size. */
static Py_ssize_t ids_union(const long *a, Py_ssize_t na, const long *b, Py_ssize_t nb, long *out) {
    Py_ssize_t i = 0, j = 0, u = 0;
    while (i < na && j < nb) {
        if (a[i] < b[j]) out[u++] = a[i++];
        else if (b[j] < a[i]) out[u++] = b[j++];
        else { out[u++] = a[i++]; j++; }
    }
    while (i < na) out[u++] = a[i++];
    while (j < nb) out[u++] = b[j++];
    return u;
}

/* union_counts and union_size of one kind from the sorted ids: |x0 | x1|, |y0 | y1| and their shared ids. */
static void ids_counts(const side_ids_t *x, Py_ssize_t x0, Py_ssize_t x1, const side_ids_t *y, Py_ssize_t y0,
                       Py_ssize_t y1, int k, long *bx, long *by, Py_ssize_t *size_x, Py_ssize_t *size_y,
                       Py_ssize_t *inter) {
    const Py_ssize_t *xo = x->off[k], *yo = y->off[k];
    Py_ssize_t nx = ids_union(x->vals[k] + xo[x0], xo[x0 + 1] - xo[x0], x->vals[k] + xo[x1],
                              x1 != x0 ? xo[x1 + 1] - xo[x1] : 0, bx);
    Py_ssize_t ny = ids_union(y->vals[k] + yo[y0], yo[y0 + 1] - yo[y0], y->vals[k] + yo[y1],
                              y1 != y0 ? yo[y1 + 1] - yo[y1] : 0, by);
    Py_ssize_t i = 0, j = 0, shared = 0;
    while (i < nx && j < ny) {
        if (bx[i] < by[j]) i++;
        else if (by[j] < bx[i]) j++;
        else { shared++; i++; j++; }
    }
    *size_x = nx;
    *size_y = ny;
    *inter = shared;
}

static PyObject *group_links(PyObject *self, PyObject *args) {
    PyObject *pairs, *cos_o, *na_o, *nb_o, *xa_o, *xb_o, *sets_a, *sets_b, *out = NULL;
    int derived_is_a;
    Py_ssize_t min_shared;
    if (!PyArg_ParseTuple(args, "O!pOOOOOOOn", &PyList_Type, &pairs, &derived_is_a, &cos_o, &na_o, &nb_o, &xa_o,
                          &xb_o, &sets_a, &sets_b, &min_shared)) return NULL;
    view_t cos = {0}, na = {0}, nb = {0}, xa = {0}, xb = {0};
    PyObject *ka[3], *kb[3];
    side_ids_t ids_a = {0}, ids_b = {0};
    long *buf_x = NULL, *buf_y = NULL;
    if (!f64_view(cos_o, &cos, 3, "cosines") || !f64_view(na_o, &na, 2, "norms") || !f64_view(nb_o, &nb, 2, "norms") ||
        !f64_view(xa_o, &xa, 2, "next products") || !f64_view(xb_o, &xb, 2, "next products")) goto done;
    Py_ssize_t n_a = cos.b.shape[1], n_b = cos.b.shape[2];
    if (cos.b.shape[0] != 2 || na.b.shape[0] != 2 || nb.b.shape[0] != 2 || xa.b.shape[0] != 2 || xb.b.shape[0] != 2 ||
        na.b.shape[1] != n_a || xa.b.shape[1] != n_a || nb.b.shape[1] != n_b || xb.b.shape[1] != n_b) {
        PyErr_SetString(PyExc_ValueError, "group_links: the cosines, norms and next products disagree on shape");
        goto done;
    }
    if (!side_sets(sets_a, n_a, ka) || !side_sets(sets_b, n_b, kb)) goto done;
    if (!side_ids(ka, n_a, &ids_a) || !side_ids(kb, n_b, &ids_b)) goto done;
    {  /* a group's union at most: all of a side's ids of a kind */
        Py_ssize_t most = 1;
        for (int k = 0; k < 3; k++) {
            most = ids_a.off[k][n_a] > most ? ids_a.off[k][n_a] : most;
            most = ids_b.off[k][n_b] > most ? ids_b.off[k][n_b] : most;
        }
        buf_x = PyMem_Malloc(sizeof(long) * (size_t)most);
        buf_y = PyMem_Malloc(sizeof(long) * (size_t)most);
        if (!buf_x || !buf_y) { PyErr_NoMemory(); goto done; }
    }
    out = PyList_New(0);
    if (!out) goto done;
    for (Py_ssize_t g = 0; g < PyList_GET_SIZE(pairs); g++) {
        PyObject *pair = PyList_GET_ITEM(pairs, g);
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
            PyErr_SetString(PyExc_ValueError, "group_links: a pair is (derived group, source group)");
            goto fail;
        }
        PyObject *derived = PyTuple_GET_ITEM(pair, 0), *source = PyTuple_GET_ITEM(pair, 1);
        Py_ssize_t a0, a1, b0, b1;
        if (!group_ends(derived_is_a ? derived : source, n_a, &a0, &a1) ||
            !group_ends(derived_is_a ? source : derived, n_b, &b0, &b1)) goto fail;
        int two_a = a1 != a0, two_b = b1 != b0;
        double total = 0.0;
        for (Py_ssize_t k = 0; k < 2; k++) {  /* words, then character n-grams */
            double na0 = AT2(na, k, a0), nb0 = AT2(nb, k, b0);
            double dot = AT3(cos, k, a0, b0) * na0 * nb0;
            dot = dot + (two_b ? AT3(cos, k, a0, b1) * na0 * AT2(nb, k, b1) : 0.0);
            dot = dot + (two_a ? AT3(cos, k, a1, b0) * AT2(na, k, a1) * nb0 : 0.0);
            dot = dot + (two_a && two_b ? AT3(cos, k, a1, b1) * AT2(na, k, a1) * AT2(nb, k, b1) : 0.0);
            double sq_a = na0 * na0 + (two_a ? AT2(na, k, a1) * AT2(na, k, a1) + 2.0 * AT2(xa, k, a0) : 0.0);
            double sq_b = nb0 * nb0 + (two_b ? AT2(nb, k, b1) * AT2(nb, k, b1) + 2.0 * AT2(xb, k, b0) : 0.0);
            double denominator = sqrt(sq_a * sq_b);
            total = total + (denominator > 0 ? dot / denominator : 0.0);
        }
        int ready = buf_x ? group_ready(&ids_a, a0, a1, &ids_b, b0, b1) : -1;
        if (!ready) goto fail;
        if (ready < 0 && buf_x) { PyMem_Free(buf_x); buf_x = NULL; }  /* not ints: read as sets from here on */
        if (ready > 0) {  /* the same counts from the sorted ids */
            Py_ssize_t size_a, size_b, inter;
            ids_counts(&ids_a, a0, a1, &ids_b, b0, b1, 0, buf_x, buf_y, &size_a, &size_b, &inter);
            Py_ssize_t size = size_a + size_b;
            double shared = size ? 2.0 * (double)inter / (double)size : 0.0;
            if (inter < min_shared) continue;
            ids_counts(&ids_a, a0, a1, &ids_b, b0, b1, 1, buf_x, buf_y, &size_a, &size_b, &inter);
            if (size_a && size_b && !inter) continue;
            ids_counts(&ids_a, a0, a1, &ids_b, b0, b1, 2, buf_x, buf_y, &size_a, &size_b, &inter);
            if (size_a && size_b && 2 * inter < (size_a < size_b ? size_a : size_b)) continue;
            double value = (total + shared) / 3.0;
            value = value < 0.0 ? 0.0 : (value > 1.0 ? 1.0 : value);
            PyObject *item = Py_BuildValue("(OOd)", derived, source, value);
            if (!item || PyList_Append(out, item) < 0) { Py_XDECREF(item); goto fail; }
            Py_DECREF(item);
            continue;
        }
        PyObject *u[3][4];  /* per kind: a0, a1 (or NULL), b0, b1 (or NULL) */
        for (int k = 0; k < 3; k++) {
            u[k][0] = PyTuple_GET_ITEM(ka[k], a0);
            u[k][1] = two_a ? PyTuple_GET_ITEM(ka[k], a1) : NULL;
            u[k][2] = PyTuple_GET_ITEM(kb[k], b0);
            u[k][3] = two_b ? PyTuple_GET_ITEM(kb[k], b1) : NULL;
        }
        Py_ssize_t size_a, size_b, inter;
        if (union_counts(u[0][0], u[0][1], u[0][2], u[0][3], &size_a, &inter) < 0 ||
            (size_b = union_size(u[0][2], u[0][3])) < 0) goto fail;
        Py_ssize_t size = size_a + size_b;
        double shared = size ? 2.0 * (double)inter / (double)size : 0.0;
        if (inter < min_shared) continue;  /* not linkable whatever its names and numbers */
        if (union_counts(u[1][0], u[1][1], u[1][2], u[1][3], &size_a, &inter) < 0 ||
            (size_b = union_size(u[1][2], u[1][3])) < 0) goto fail;
        if (size_a && size_b && !inter) continue;  /* a name conflict */
        if (union_counts(u[2][0], u[2][1], u[2][2], u[2][3], &size_a, &inter) < 0 ||
            (size_b = union_size(u[2][2], u[2][3])) < 0) goto fail;
        if (size_a && size_b && 2 * inter < (size_a < size_b ? size_a : size_b)) continue;  /* a number conflict */
        double value = (total + shared) / 3.0;
        value = value < 0.0 ? 0.0 : (value > 1.0 ? 1.0 : value);
        PyObject *item = Py_BuildValue("(OOd)", derived, source, value);
        if (!item || PyList_Append(out, item) < 0) { Py_XDECREF(item); goto fail; }
        Py_DECREF(item);
    }
    goto done;
fail:
    Py_CLEAR(out);
done:
    if (cos.held) PyBuffer_Release(&cos.b);
    if (na.held) PyBuffer_Release(&na.b);
    if (nb.held) PyBuffer_Release(&nb.b);
    if (xa.held) PyBuffer_Release(&xa.b);
    if (xb.held) PyBuffer_Release(&xb.b);
    side_ids_free(&ids_a);
    side_ids_free(&ids_b);
    PyMem_Free(buf_x);
    PyMem_Free(buf_y);
    return out;
}

/* The first steps of a pair's link choice (dedup.links._first_links; dedup.links._first_links_py is its
   twin): the scores where the pair may link weakly (0 elsewhere), each derived sentence's best source in
   order with its neighbours among near-ties (dedup.links._best_in_order), the links that clear
   link_threshold, their mutual-best extensions once derivation is established (dedup.links._extend), each
   derived sentence's best single source and the merges worth scoring (dedup.links._merge_candidates). Read
   as numpy reads them: argmax the first of equal maxima (a NaN first of all), max a NaN where the row has
   one, every comparison in double. */

static int bool_view(PyObject *obj, view_t *v, const char *what) {
    if (PyObject_GetBuffer(obj, &v->b, PyBUF_RECORDS_RO) < 0) return 0;
    v->held = 1;
    if (v->b.ndim != 2 || v->b.itemsize != 1 || !v->b.format || strcmp(v->b.format, "?") != 0) {
        PyErr_Format(PyExc_ValueError, "%s: expected a bool array of 2 dimensions", what);
        return 0;
    }
    return 1;
}

#define AT2B(v, k, i) (*((const char *)(v).b.buf + (k) * (v).b.strides[0] + (i) * (v).b.strides[1]) != 0)

/* numpy's argmax of n doubles ``stride`` apart: the first maximum, or the first NaN. */
static Py_ssize_t argmax_f64(const double *v, Py_ssize_t n, Py_ssize_t stride) {
    Py_ssize_t best = 0;
    double top = v[0];
    if (isnan(top)) return 0;
    for (Py_ssize_t i = 1; i < n; i++) {
        double x = v[i * stride];
        if (!(x <= top)) {
            top = x;
            best = i;
            if (isnan(x)) break;
        }
    }
    return best;
}

/* Whether a link of ``src`` (-1: none) sits within w sentences of derived j and w + 1 of source i. */
static int anchored_at(const Py_ssize_t *src, Py_ssize_t n, Py_ssize_t j, Py_ssize_t i, Py_ssize_t w) {
    for (Py_ssize_t k = j - w; k <= j + w; k++) {
        if (k == j || k < 0 || k >= n || src[k] < 0) continue;
        Py_ssize_t d = i - src[k];
        if ((d < 0 ? -d : d) <= w + 1) return 1;
    }
    return 0;
}

static PyObject *first_links(PyObject *self, PyObject *args) {
    PyObject *score_o, *strong_o, *weak_o, *out = NULL, *choice = NULL, *row_best = NULL, *tried = NULL;
    double link_threshold, extend_threshold, tie;
    Py_ssize_t window, min_links;
    if (!PyArg_ParseTuple(args, "OOOddnnd", &score_o, &strong_o, &weak_o, &link_threshold, &extend_threshold,
                          &window, &min_links, &tie)) return NULL;
    view_t score = {0}, strong = {0}, weak = {0};
    double *masked = NULL;
    Py_ssize_t *best = NULL, *src = NULL, *wk = NULL;
    if (!f64_view(score_o, &score, 2, "first_links: score") || !bool_view(strong_o, &strong, "first_links: strong") ||
        !bool_view(weak_o, &weak, "first_links: weak")) goto done;
    Py_ssize_t n = score.b.shape[0], m = score.b.shape[1];
    if (strong.b.shape[0] != n || strong.b.shape[1] != m || weak.b.shape[0] != n || weak.b.shape[1] != m) {
        PyErr_SetString(PyExc_ValueError, "first_links: score, strong and weak disagree on shape");
        goto done;
    }
    if (window < 0) {
        PyErr_SetString(PyExc_ValueError, "first_links: extend_window must not be negative");
        goto done;
    }
    choice = PyDict_New();
    row_best = PyList_New(0);
    tried = PyList_New(0);
    if (!choice || !row_best || !tried) goto done;
    if (!n || !m) {  /* nothing to link (the caller returns before) */
        out = Py_BuildValue("(OOOO)", choice, Py_False, row_best, tried);
        goto done;
    }
    masked = PyMem_Malloc(sizeof(double) * 2 * n * m);  /* masked, then the scores as they are */
    best = PyMem_Malloc(sizeof(Py_ssize_t) * (4 * n + m));
    if (!masked || !best) { PyErr_NoMemory(); goto done; }
    src = best + n;
    wk = src + n;
    Py_ssize_t *anchors = wk + n, *best_derived = anchors + n;
    double *plain = masked + n * m;
    for (Py_ssize_t j = 0; j < n; j++)
        for (Py_ssize_t i = 0; i < m; i++) {
            plain[j * m + i] = AT2(score, j, i);
            masked[j * m + i] = AT2B(weak, j, i) ? plain[j * m + i] : 0.0;
        }
    /* _best_in_order: the rows tied within ``tie`` of their best are ambiguous, the others with a score anchors */
    Py_ssize_t n_anchors = 0, n_ambiguous = 0;
    for (Py_ssize_t j = 0; j < n; j++) {
        const double *row = masked + j * m;
        best[j] = argmax_f64(row, m, 1);
        double top = row[best[j]], floor = top - tie;
        Py_ssize_t tied = 0;
        if (top > 0)
            for (Py_ssize_t i = 0; i < m; i++) tied += row[i] >= floor;
        wk[j] = tied > 1;  /* ambiguous, for now */
        n_ambiguous += tied > 1;
        if (tied <= 1 && top > 0) anchors[n_anchors++] = j;
    }
    if (n_anchors && n_ambiguous) {
        for (Py_ssize_t j = 0; j < n; j++) {
            if (!wk[j]) continue;
            Py_ssize_t lo = 0, hi = n_anchors;  /* bisect_left: j is ambiguous, so not an anchor */
            while (lo < hi) {
                Py_ssize_t mid = (lo + hi) / 2;
                if (anchors[mid] < j) lo = mid + 1; else hi = mid;
            }
            Py_ssize_t anchor = lo == n_anchors || (lo && j - anchors[lo - 1] <= anchors[lo] - j) ? anchors[lo - 1]
                                                                                                 : anchors[lo];
            Py_ssize_t expected = best[anchor] + (j - anchor), pick = -1, gap = 0;
            const double *row = masked + j * m;
            double floor = row[best[j]] - tie;
            for (Py_ssize_t i = 0; i < m; i++) {
                if (!(row[i] >= floor)) continue;
                Py_ssize_t d = i > expected ? i - expected : expected - i;
                if (pick < 0 || d < gap) { pick = i; gap = d; }
            }
            best[j] = pick;
        }
    }
    /* the first links, then (derivation established) their mutual-best neighbours */
    Py_ssize_t n_links = 0;
    for (Py_ssize_t j = 0; j < n; j++) {
        double v = masked[j * m + best[j]];
        src[j] = v >= link_threshold && AT2B(strong, j, best[j]) ? best[j] : -1;
        n_links += src[j] >= 0;
    }
    int established = n_links >= min_links;
    double threshold = established ? extend_threshold : link_threshold;
    if (established) {
        for (Py_ssize_t i = 0; i < m; i++) best_derived[i] = argmax_f64(masked + i, n, m);
        for (Py_ssize_t j = 0; j < n; j++)
            wk[j] = src[j] < 0 && masked[j * m + best[j]] >= extend_threshold && best_derived[best[j]] == j
                        ? best[j] : -1;
        for (int grew = 1; grew;) {
            grew = 0;
            for (Py_ssize_t j = 0; j < n; j++)
                if (wk[j] >= 0 && anchored_at(src, n, j, wk[j], window)) {
                    src[j] = wk[j];
                    wk[j] = -1;
                    grew = 1;
                }
        }
    }
    for (Py_ssize_t j = 0; j < n; j++) {
        if (src[j] < 0) continue;
        PyObject *key = PyLong_FromSsize_t(j), *value = Py_BuildValue("((n)d)", src[j], masked[j * m + src[j]]);
        int bad = !key || !value || PyDict_SetItem(choice, key, value) < 0;
        Py_XDECREF(key);
        Py_XDECREF(value);
        if (bad) goto done;
    }
    /* each row's best single source (a NaN where the row has one, as numpy's max), and the merges worth trying:
       each derived sentence's best source by score (not masked) and a neighbour of it */
    for (Py_ssize_t j = 0; j < n; j++) {
        const double *row = masked + j * m;
        double top = row[0];
        for (Py_ssize_t i = 1; i < m && !isnan(top); i++) top = row[i] > top || isnan(row[i]) ? row[i] : top;
        PyObject *value = PyFloat_FromDouble(top);
        if (!value || PyList_Append(row_best, value) < 0) { Py_XDECREF(value); goto done; }
        Py_DECREF(value);
        Py_ssize_t i = argmax_f64(plain + j * m, m, 1);
        if (!(plain[j * m + i] >= threshold / 2)) continue;
        for (Py_ssize_t k = i - 1; k <= i; k++) {
            if (k < 0 || k + 1 >= m) continue;
            PyObject *item = Py_BuildValue("((n)(nn))", j, k, k + 1);
            if (!item || PyList_Append(tried, item) < 0) { Py_XDECREF(item); goto done; }
            Py_DECREF(item);
        }
    }
    out = Py_BuildValue("(OOOO)", choice, established ? Py_True : Py_False, row_best, tried);
done:
    Py_XDECREF(choice);
    Py_XDECREF(row_best);
    Py_XDECREF(tried);
    PyMem_Free(masked);
    PyMem_Free(best);
    if (score.held) PyBuffer_Release(&score.b);
    if (strong.held) PyBuffer_Release(&strong.b);
    if (weak.held) PyBuffer_Release(&weak.b);
    return out;
}

/* The in-order gaps between a pair's links filled (dedup.link_gaps.fill_gaps; dedup.link_gaps._fill_gaps_py is its
   twin): between two neighbouring links (derived j0 < j1 in ``choice``, at most extend_window + 1 apart,
   their sources lo = max of j0's and hi = min of j1's in order and at most extend_window + 1 apart, no
   derived sentence of a split between them) the in-order choice of sources in lo..hi, or none, for each
   derived sentence between them that scores most, each link at least gap_threshold; the picks tried in
   itertools.product's order (none first, the last sentence's pick the fastest to change), the values added
   from 0 in order as Python's sum of floats adds them, a pick kept only when its total is strictly greater.
   A cell's value is its score where the pair may link weakly, else 0. Adds the links to ``choice`` and
   returns the set of derived sentences linked this way. */

/* The first (lowest) or last (highest) source of a link's value in ``choice``: -1 with an error set. */
static Py_ssize_t link_source_end(PyObject *choice, PyObject *key, int highest) {
    PyObject *value = PyDict_GetItemWithError(choice, key);
    if (!value) {
        if (!PyErr_Occurred()) PyErr_SetObject(PyExc_KeyError, key);
        return -1;
    }
    if (!PyTuple_Check(value) || PyTuple_GET_SIZE(value) != 2 || !PyTuple_Check(PyTuple_GET_ITEM(value, 0)) ||
        PyTuple_GET_SIZE(PyTuple_GET_ITEM(value, 0)) < 1) {
        PyErr_SetString(PyExc_ValueError, "fill_gaps: a link is ((sources...), score)");
        return -1;
    }
    PyObject *sources = PyTuple_GET_ITEM(value, 0);
    Py_ssize_t end = -1;
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(sources); k++) {
        Py_ssize_t i = PyLong_AsSsize_t(PyTuple_GET_ITEM(sources, k));
        if (i == -1 && PyErr_Occurred()) return -1;
        if (i < 0) {
            PyErr_SetString(PyExc_ValueError, "fill_gaps: a source sentence is negative");
            return -1;
        }
        if (k == 0 || (highest ? i > end : i < end)) end = i;
    }
    return end;
}

static PyObject *fill_gaps(PyObject *self, PyObject *args) {
    PyObject *score_o, *weak_o, *choice, *in_groups, *keys = NULL, *filled = NULL, *out = NULL;
    Py_ssize_t window;
    double gap_threshold;
    if (!PyArg_ParseTuple(args, "OOO!Ond", &score_o, &weak_o, &PyDict_Type, &choice, &in_groups, &window,
                          &gap_threshold)) return NULL;
    view_t score = {0}, weak = {0};
    Py_ssize_t *digits = NULL;
    if (!f64_view(score_o, &score, 2, "fill_gaps: score") || !bool_view(weak_o, &weak, "fill_gaps: weak")) goto done;
    Py_ssize_t n = score.b.shape[0], m = score.b.shape[1];
    if (weak.b.shape[0] != n || weak.b.shape[1] != m) {
        PyErr_SetString(PyExc_ValueError, "fill_gaps: score and weak disagree on shape");
        goto done;
    }
    if (!PyAnySet_Check(in_groups)) {
        PyErr_SetString(PyExc_TypeError, "fill_gaps: in_groups must be a set");
        goto done;
    }
    if (window < 0) {
        PyErr_SetString(PyExc_ValueError, "fill_gaps: extend_window must not be negative");
        goto done;
    }
    if (window > n + m) window = n + m;  /* any wider window lets every gap of these scores through alike */
    filled = PySet_New(NULL);
    keys = PyDict_Keys(choice);
    if (!filled || !keys || PyList_Sort(keys) < 0) goto done;
    digits = PyMem_Malloc(sizeof(Py_ssize_t) * 2 * (n + 1));  /* a gap's sentences: fewer than n */
    if (!digits) { PyErr_NoMemory(); goto done; }
    Py_ssize_t *pick = digits + n + 1;  /* the best pick so far: 0 none, else lo + digit - 1 */
    for (Py_ssize_t t = 0; t + 1 < PyList_GET_SIZE(keys); t++) {
        PyObject *k0 = PyList_GET_ITEM(keys, t), *k1 = PyList_GET_ITEM(keys, t + 1);
        Py_ssize_t j0 = PyLong_AsSsize_t(k0), j1 = PyLong_AsSsize_t(k1);
        if ((j0 == -1 || j1 == -1) && PyErr_Occurred()) goto done;
        Py_ssize_t lo = link_source_end(choice, k0, 1), hi = link_source_end(choice, k1, 0);
        if (lo < 0 || hi < 0) goto done;
        if (!(1 < j1 - j0 && j1 - j0 <= window + 1) || !(0 <= hi - lo && hi - lo <= window + 1)) continue;
        if (j0 < 0 || j1 > n || hi >= m) {
            PyErr_SetString(PyExc_IndexError, "fill_gaps: a link outside the scores");
            goto done;
        }
        int split = 0;
        for (Py_ssize_t j = j0 + 1; j < j1 && !split; j++) {
            PyObject *key = PyLong_FromSsize_t(j);
            int found = key ? PySet_Contains(in_groups, key) : -1;
            Py_XDECREF(key);
            if (found < 0) goto done;
            split = found;
        }
        if (split) continue;
        Py_ssize_t rows = j1 - j0 - 1, options = hi - lo + 2;
        double best_total = 0.0;
        int found = 0;
        for (Py_ssize_t r = 0; r < rows; r++) digits[r] = 0;
        for (;;) {
            double total = 0.0;
            Py_ssize_t last = -1;
            int ok = 1;
            for (Py_ssize_t r = 0; r < rows && ok; r++) {
                if (!digits[r]) continue;
                Py_ssize_t i = lo + digits[r] - 1, j = j0 + 1 + r;
                double v = AT2B(weak, j, i) ? AT2(score, j, i) : 0.0;
                if (i < last || v < gap_threshold) ok = 0;
                last = i;
                total = total + v;
            }
            if (ok && total > best_total) {
                best_total = total;
                found = 1;
                for (Py_ssize_t r = 0; r < rows; r++) pick[r] = digits[r];
            }
            Py_ssize_t r = rows - 1;  /* the next pick, the last sentence's first */
            while (r >= 0 && ++digits[r] == options) digits[r--] = 0;
            if (r < 0) break;
        }
        if (!found) continue;
        for (Py_ssize_t r = 0; r < rows; r++) {
            if (!pick[r]) continue;
            Py_ssize_t i = lo + pick[r] - 1, j = j0 + 1 + r;
            PyObject *key = PyLong_FromSsize_t(j);
            PyObject *value = Py_BuildValue("((n)d)", i, AT2B(weak, j, i) ? AT2(score, j, i) : 0.0);
            int bad = !key || !value || PyDict_SetItem(choice, key, value) < 0 || PySet_Add(filled, key) < 0;
            Py_XDECREF(key);
            Py_XDECREF(value);
            if (bad) goto done;
        }
    }
    out = filled;
    filled = NULL;
done:
    Py_XDECREF(keys);
    Py_XDECREF(filled);
    PyMem_Free(digits);
    if (score.held) PyBuffer_Release(&score.b);
    if (weak.held) PyBuffer_Release(&weak.b);
    return out;
}

/* A pair's links as runs (dedup.link_kinds._link_runs; dedup.link_kinds._link_runs_py is its twin): each derived
   sentence of ``choice`` in order, or the split ``groups`` holds for it when none of that split's sentences
   is taken yet, then neighbours taken from the same sources (and placed alike) joined into one run.
   Returns [(derived sentences, sources, score, placed), ...]; scores compared as Python's max compares them. */

/* ``derived`` sorted, as a tuple (a new reference; one sentence: the tuple itself). */
static PyObject *sorted_tuple(PyObject *derived) {
    if (PyTuple_Check(derived) && PyTuple_GET_SIZE(derived) < 2) {
        Py_INCREF(derived);
        return derived;
    }
    PyObject *items = PySequence_List(derived);
    if (!items || PyList_Sort(items) < 0) { Py_XDECREF(items); return NULL; }
    PyObject *out = PyList_AsTuple(items);
    Py_DECREF(items);
    return out;
}

/* The smallest of a tuple of ints (-1 with an error set: the tuple is empty or not of ints). */
static Py_ssize_t tuple_min(PyObject *t) {
    if (!PyTuple_Check(t) || !PyTuple_GET_SIZE(t)) {
        PyErr_SetString(PyExc_ValueError, "link_runs: derived sentences are a tuple of at least one");
        return -1;
    }
    Py_ssize_t low = 0;
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(t); k++) {
        Py_ssize_t v = PyLong_AsSsize_t(PyTuple_GET_ITEM(t, k));
        if (v == -1 && PyErr_Occurred()) return -1;
        if (k == 0 || v < low) low = v;
    }
    return low;
}

static PyObject *link_runs(PyObject *self, PyObject *args) {
    PyObject *choice, *groups, *placed, *keys = NULL, *taken = NULL, *runs = NULL, *out = NULL;
    if (!PyArg_ParseTuple(args, "O!O!O", &PyDict_Type, &choice, &PyDict_Type, &groups, &placed)) return NULL;
    if (!PyAnySet_Check(placed)) {
        PyErr_SetString(PyExc_TypeError, "link_runs: placed must be a set");
        return NULL;
    }
    keys = PyDict_Keys(choice);
    taken = PySet_New(NULL);
    runs = PyList_New(0);
    if (!keys || !taken || !runs || PyList_Sort(keys) < 0) goto done;
    for (Py_ssize_t t = 0; t < PyList_GET_SIZE(keys); t++) {
        PyObject *j = PyList_GET_ITEM(keys, t);
        int seen = PySet_Contains(taken, j);
        if (seen < 0) goto done;
        if (seen) continue;
        PyObject *link = PyDict_GetItemWithError(choice, j), *group;
        if (!link) goto done;
        if (!PyTuple_Check(link) || PyTuple_GET_SIZE(link) != 2) {
            PyErr_SetString(PyExc_ValueError, "link_runs: a link is (sources, score)");
            goto done;
        }
        PyObject *sources = PyTuple_GET_ITEM(link, 0), *value = PyTuple_GET_ITEM(link, 1), *derived = NULL;
        int by_place = PySet_Contains(placed, j);
        if (by_place < 0) goto done;
        if (!(group = PyDict_GetItemWithError(groups, j)) && PyErr_Occurred()) goto done;
        if (group) {
            if (!PyTuple_Check(group) || PyTuple_GET_SIZE(group) != 2 || !PyTuple_Check(PyTuple_GET_ITEM(group, 0))) {
                PyErr_SetString(PyExc_ValueError, "link_runs: a split is ((derived...), score)");
                goto done;
            }
            PyObject *members = PyTuple_GET_ITEM(group, 0);
            int untaken = 1;
            for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(members) && untaken; k++) {
                int in = PySet_Contains(taken, PyTuple_GET_ITEM(members, k));
                if (in < 0) goto done;
                untaken = !in;
            }
            if (untaken) {
                derived = members;
                value = PyTuple_GET_ITEM(group, 1);
                by_place = 0;
            }
        }
        PyObject *single = NULL;
        if (!derived) {
            if (!(single = PyTuple_Pack(1, j))) goto done;
            derived = single;
        }
        int bad = 0;
        for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(derived) && !bad; k++)
            bad = PySet_Add(taken, PyTuple_GET_ITEM(derived, k)) < 0;
        PyObject *ordered = bad ? NULL : sorted_tuple(derived);
        Py_ssize_t low = ordered ? tuple_min(derived) : -1;
        Py_XDECREF(single);
        if (!ordered || (low == -1 && PyErr_Occurred())) { Py_XDECREF(ordered); goto done; }
        Py_ssize_t n_runs = PyList_GET_SIZE(runs);
        PyObject *item = NULL;
        if (n_runs) {
            PyObject *prev = PyList_GET_ITEM(runs, n_runs - 1), *prev_derived = PyTuple_GET_ITEM(prev, 0);
            int same = PyObject_RichCompareBool(PyTuple_GET_ITEM(prev, 1), sources, Py_EQ);
            if (same < 0) { Py_DECREF(ordered); goto done; }
            if (same) {
                Py_ssize_t end = PyLong_AsSsize_t(PyTuple_GET_ITEM(prev_derived, PyTuple_GET_SIZE(prev_derived) - 1));
                if (end == -1 && PyErr_Occurred()) { Py_DECREF(ordered); goto done; }
                same = end == low - 1 && (PyTuple_GET_ITEM(prev, 3) == Py_True) == (by_place != 0);
            }
            if (same) {  /* one sentence split in two: the runs joined, the higher score kept (max's first of equals) */
                PyObject *joined = PySequence_Concat(prev_derived, ordered);
                PyObject *all = joined ? sorted_tuple(joined) : NULL;
                Py_XDECREF(joined);
                PyObject *prev_value = PyTuple_GET_ITEM(prev, 2);
                int higher = all ? PyObject_RichCompareBool(value, prev_value, Py_GT) : -1;
                if (higher < 0) { Py_XDECREF(all); Py_DECREF(ordered); goto done; }
                item = Py_BuildValue("(NOOO)", all, sources, higher ? value : prev_value, by_place ? Py_True : Py_False);
                Py_DECREF(ordered);
                if (!item || PyList_SetItem(runs, n_runs - 1, item) < 0) goto done;
                continue;
            }
        }
        item = Py_BuildValue("(NOOO)", ordered, sources, value, by_place ? Py_True : Py_False);
        if (!item || PyList_Append(runs, item) < 0) { Py_XDECREF(item); goto done; }
        Py_DECREF(item);
    }
    out = runs;
    runs = NULL;
done:
    Py_XDECREF(keys);
    Py_XDECREF(taken);
    Py_XDECREF(runs);
    return out;
}

/* A pair's links made from their runs (dedup.link_kinds._make_links; dedup.link_kinds._make_link, run by run, is its
   twin): each run's tokens on both sides (one sentence's list as ``tokens`` gives it, several joined in
   order), its kind (verbatim, its score then 1.0, when the tokens are equal; edited when edit_ratio, the
   kernel above, reaches edited_min_ratio; else paraphrase), its sentences' spans, and ``link`` (the Link
   class) called with them in its fields' order; placed only for a paraphrase. */

static PyObject *kind_names[3];  /* verbatim, edited, paraphrase; made once */

/* The tokens of ``sentences`` (a tuple of ints) by ``tokens``: a new reference, the callable's list as it
   is for one sentence, a new list of all of them in order for several. */
static PyObject *run_tokens(PyObject *tokens, PyObject *sentences) {
    if (!PyTuple_Check(sentences) || !PyTuple_GET_SIZE(sentences)) {
        PyErr_SetString(PyExc_ValueError, "make_links: a run's sentences are a tuple of at least one");
        return NULL;
    }
    if (PyTuple_GET_SIZE(sentences) == 1) {
        PyObject *one = PyObject_CallOneArg(tokens, PyTuple_GET_ITEM(sentences, 0));
        if (one && !PyList_Check(one)) {
            PyErr_SetString(PyExc_TypeError, "make_links: a sentence's tokens are a list");
            Py_CLEAR(one);
        }
        return one;
    }
    PyObject *all = PyList_New(0);
    for (Py_ssize_t k = 0; all && k < PyTuple_GET_SIZE(sentences); k++) {
        PyObject *part = PyObject_CallOneArg(tokens, PyTuple_GET_ITEM(sentences, k));
        if (!part || !PyList_Check(part) || PyList_SetSlice(all, PyList_GET_SIZE(all), PyList_GET_SIZE(all), part) < 0) {
            if (part && !PyList_Check(part)) PyErr_SetString(PyExc_TypeError, "make_links: a sentence's tokens are a list");
            Py_XDECREF(part);
            Py_CLEAR(all);
            break;
        }
        Py_DECREF(part);
    }
    return all;
}

/* ((start, end), ...) of ``sentences`` (a tuple of ints) in ``side`` (a sequence of Sentence). */
static PyObject *run_spans(PyObject *side, PyObject *sentences) {
    static PyObject *start_name, *end_name;
    if (!start_name && !(start_name = PyUnicode_InternFromString("start"))) return NULL;
    if (!end_name && !(end_name = PyUnicode_InternFromString("end"))) return NULL;
    Py_ssize_t n = PyTuple_GET_SIZE(sentences);
    PyObject *out = PyTuple_New(n);
    for (Py_ssize_t k = 0; out && k < n; k++) {
        PyObject *sentence = PyObject_GetItem(side, PyTuple_GET_ITEM(sentences, k)), *start = NULL, *end = NULL;
        if (sentence) {
            start = PyObject_GetAttr(sentence, start_name);
            end = start ? PyObject_GetAttr(sentence, end_name) : NULL;
        }
        PyObject *span = end ? PyTuple_Pack(2, start, end) : NULL;
        Py_XDECREF(sentence);
        Py_XDECREF(start);
        Py_XDECREF(end);
        if (!span) { Py_CLEAR(out); break; }
        PyTuple_SET_ITEM(out, k, span);
    }
    return out;
}

static PyObject *make_links(PyObject *self, PyObject *args) {
    PyObject *runs, *vs_sentences, *vd_sentences, *vs_tokens, *vd_tokens, *link, *out = NULL;
    double needed;
    Py_ssize_t longest;
    if (!PyArg_ParseTuple(args, "O!OOOOOdn", &PyList_Type, &runs, &vs_sentences, &vd_sentences, &vs_tokens,
                          &vd_tokens, &link, &needed, &longest)) return NULL;
    static const char *names[3] = {"verbatim", "edited", "paraphrase"};
    for (int k = 0; k < 3; k++)
        if (!kind_names[k] && !(kind_names[k] = PyUnicode_InternFromString(names[k]))) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(runs);
    out = PyList_New(n);
    if (!out) return NULL;
    for (Py_ssize_t r = 0; r < n; r++) {
        PyObject *run = PyList_GET_ITEM(runs, r);
        if (!PyTuple_Check(run) || PyTuple_GET_SIZE(run) != 4) {
            PyErr_SetString(PyExc_ValueError, "make_links: a run is (derived, sources, score, placed)");
            goto fail;
        }
        PyObject *derived = PyTuple_GET_ITEM(run, 0), *sources = PyTuple_GET_ITEM(run, 1);
        PyObject *value = PyTuple_GET_ITEM(run, 2), *placed = PyTuple_GET_ITEM(run, 3);
        PyObject *d_tokens = run_tokens(vd_tokens, derived);
        PyObject *s_tokens = d_tokens ? run_tokens(vs_tokens, sources) : NULL;
        if (!s_tokens) { Py_XDECREF(d_tokens); goto fail; }
        int kind = 2, same = PyObject_RichCompareBool(d_tokens, s_tokens, Py_EQ);
        PyObject *score = NULL;
        if (same > 0) {
            kind = 0;
            score = PyFloat_FromDouble(1.0);
        } else if (same == 0) {
            PyObject *ratio_args = Py_BuildValue("(OOdn)", d_tokens, s_tokens, needed, longest);
            PyObject *ratio = ratio_args ? edit_ratio(NULL, ratio_args) : NULL;
            Py_XDECREF(ratio_args);
            double x = ratio ? PyFloat_AsDouble(ratio) : -1.0;
            Py_XDECREF(ratio);
            if (ratio) {
                kind = x >= needed ? 1 : 2;
                score = value;
                Py_INCREF(score);
            }
        }
        Py_DECREF(d_tokens);
        Py_DECREF(s_tokens);
        if (!score) goto fail;
        int is_placed = kind == 2 ? PyObject_IsTrue(placed) : 0;
        PyObject *s_spans = is_placed >= 0 ? run_spans(vs_sentences, sources) : NULL;
        PyObject *d_spans = s_spans ? run_spans(vd_sentences, derived) : NULL;
        PyObject *made = NULL;
        if (d_spans) {
            PyObject *fields[7] = {sources, derived, s_spans, d_spans, score, kind_names[kind],
                                   is_placed ? Py_True : Py_False};
            made = PyObject_Vectorcall(link, fields, 7, NULL);
        }
        Py_DECREF(score);
        Py_XDECREF(s_spans);
        Py_XDECREF(d_spans);
        if (!made) goto fail;
        PyList_SET_ITEM(out, r, made);
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

/* Where a pair may link on its wording (dedup.link_seeds.strong_cells; dedup.link_seeds._strong_cells_py is its twin):
   the cells that may link, name no conflicting names and share min_shared content stems; and the short
   statements of a figure (dedup.link_sides.short_statements, without a conflict of names) that are not among
   them, or None when there are none. The counts compared as numpy compares them (as doubles). */

/* An integer array of one dimension, 4 or 8 bytes an item, read through its stride. */
static int int_view(PyObject *obj, view_t *v, const char *what) {
    if (PyObject_GetBuffer(obj, &v->b, PyBUF_RECORDS_RO) < 0) return 0;
    v->held = 1;
    const char *f = v->b.format ? v->b.format : "";
    if (*f == '=' || *f == '<' || *f == '@') f++;
    if (v->b.ndim != 1 || !((v->b.itemsize == 8 && (!strcmp(f, "l") || !strcmp(f, "q"))) ||
                            (v->b.itemsize == 4 && (!strcmp(f, "i") || !strcmp(f, "l"))))) {
        PyErr_Format(PyExc_ValueError, "%s: expected an array of 32- or 64-bit integers of 1 dimension", what);
        return 0;
    }
    return 1;
}

static inline double int_at(const view_t *v, Py_ssize_t k) {
    const char *p = (const char *)v->b.buf + k * v->b.strides[0];
    return v->b.itemsize == 8 ? (double)*(const int64_t *)p : (double)*(const int32_t *)p;
}

static PyObject *strong_cells(PyObject *self, PyObject *args) {
    PyObject *linkable_o, *conflict_o, *shared_o, *ca_o, *fa_o, *cb_o, *fb_o, *strong = NULL, *extra = NULL, *out = NULL;
    Py_ssize_t min_shared, short_words;
    if (!PyArg_ParseTuple(args, "OOOOOOOnn", &linkable_o, &conflict_o, &shared_o, &ca_o, &fa_o, &cb_o, &fb_o,
                          &min_shared, &short_words)) return NULL;
    view_t linkable = {0}, conflict = {0}, shared = {0}, ca = {0}, fa = {0}, cb = {0}, fb = {0};
    if (!bool_view(linkable_o, &linkable, "strong_cells: linkable") ||
        !bool_view(conflict_o, &conflict, "strong_cells: entity_conflict") ||
        !f64_view(shared_o, &shared, 2, "strong_cells: shared_content") || !int_view(ca_o, &ca, "strong_cells: counts") ||
        !int_view(fa_o, &fa, "strong_cells: counts") || !int_view(cb_o, &cb, "strong_cells: counts") ||
        !int_view(fb_o, &fb, "strong_cells: counts")) goto done;
    Py_ssize_t n = linkable.b.shape[0], m = linkable.b.shape[1];
    if (conflict.b.shape[0] != n || conflict.b.shape[1] != m || shared.b.shape[0] != n || shared.b.shape[1] != m ||
        ca.b.shape[0] != n || fa.b.shape[0] != n || cb.b.shape[0] != m || fb.b.shape[0] != m) {
        PyErr_SetString(PyExc_ValueError, "strong_cells: the cells and the counts disagree on shape");
        goto done;
    }
    strong = PyBytes_FromStringAndSize(NULL, n * m);
    extra = PyBytes_FromStringAndSize(NULL, n * m);
    if (!strong || !extra) goto done;
    char *s = PyBytes_AS_STRING(strong), *x = PyBytes_AS_STRING(extra);
    double least = (double)min_shared, words = (double)short_words;
    int any = 0;
    for (Py_ssize_t j = 0; j < n; j++) {
        double content_a = int_at(&ca, j), figures_a = int_at(&fa, j);
        for (Py_ssize_t i = 0; i < m; i++) {
            int link = AT2B(linkable, j, i), clash = AT2B(conflict, j, i);
            double sh = AT2(shared, j, i), content_b = int_at(&cb, i), figures_b = int_at(&fb, i);
            int ok = link && !clash && sh >= least;
            int stated_a = sh >= content_a && figures_a < content_a, stated_b = sh >= content_b && figures_b < content_b;
            int brief = link && sh >= words && figures_a > 0 && figures_b > 0 && (stated_a || stated_b) && !clash;
            s[j * m + i] = (char)ok;
            x[j * m + i] = (char)(brief && !ok);
            any |= brief && !ok;
        }
    }
    out = Py_BuildValue("(OO)", strong, any ? extra : Py_None);
done:
    Py_XDECREF(strong);
    Py_XDECREF(extra);
    view_t *views[7] = {&linkable, &conflict, &shared, &ca, &fa, &cb, &fb};
    for (int k = 0; k < 7; k++)
        if (views[k]->held) PyBuffer_Release(&views[k]->b);
    return out;
}

/* What an alignment's links cover, counted (dedup.coverage._coverage_counts; dedup.coverage._coverage_counts_py
   is its twin): the characters of the derived sentences by the kind of the (last) link taking each, and of
   the new ones, all the derived sentences' characters, those of the source sentences any link uses and all
   the source sentences', and the spans of the new and of the unused sentences. Integers: the shares are
   divided out in Python as before. */

static int sentence_length(PyObject *sentence, Py_ssize_t *length) {
    static PyObject *text_name;
    if (!text_name && !(text_name = PyUnicode_InternFromString("text"))) return 0;
    PyObject *text = PyObject_GetAttr(sentence, text_name);
    if (!text) return 0;
    *length = PyObject_Length(text);
    Py_DECREF(text);
    return *length >= 0;
}

/* (sentence.start, sentence.end): a new reference, or NULL with an error set. */
static PyObject *sentence_span(PyObject *sentence) {
    static PyObject *start_name, *end_name;
    if (!start_name && !(start_name = PyUnicode_InternFromString("start"))) return NULL;
    if (!end_name && !(end_name = PyUnicode_InternFromString("end"))) return NULL;
    PyObject *start = PyObject_GetAttr(sentence, start_name);
    PyObject *end = start ? PyObject_GetAttr(sentence, end_name) : NULL;
    PyObject *span = end ? PyTuple_Pack(2, start, end) : NULL;
    Py_XDECREF(start);
    Py_XDECREF(end);
    return span;
}

static PyObject *coverage_counts(PyObject *self, PyObject *args) {
    PyObject *links, *derived_o, *source_o, *derived = NULL, *source = NULL, *new_spans = NULL, *unused = NULL;
    PyObject *out = NULL;
    if (!PyArg_ParseTuple(args, "OOO", &links, &derived_o, &source_o)) return NULL;
    static PyObject *names[5];
    static const char *strings[5] = {"verbatim", "edited", "paraphrase", "derived_sentences", "source_sentences"};
    for (int k = 0; k < 5; k++)
        if (!names[k] && !(names[k] = PyUnicode_InternFromString(strings[k]))) return NULL;
    signed char *kind_at = NULL, *used_at = NULL;
    PyObject *seq = PySequence_Fast(links, "coverage_counts: links must be a sequence");
    derived = PySequence_Fast(derived_o, "coverage_counts: sentences must be a sequence");
    source = derived ? PySequence_Fast(source_o, "coverage_counts: sentences must be a sequence") : NULL;
    if (!seq || !source) goto done;
    Py_ssize_t n_d = PySequence_Fast_GET_SIZE(derived), n_s = PySequence_Fast_GET_SIZE(source);
    kind_at = PyMem_Malloc((size_t)n_d + (size_t)n_s + 1);
    if (!kind_at) { PyErr_NoMemory(); goto done; }
    used_at = kind_at + n_d;
    memset(kind_at, -1, (size_t)n_d);
    memset(used_at, 0, (size_t)n_s);
    for (Py_ssize_t r = 0; r < PySequence_Fast_GET_SIZE(seq); r++) {
        PyObject *link = PySequence_Fast_GET_ITEM(seq, r);
        PyObject *kind = PyObject_GetAttrString(link, "kind"), *sentences = NULL;
        if (!kind) goto done;
        int k = -1;
        for (int c = 0; c < 3 && k < 0; c++) {
            int same = PyObject_RichCompareBool(kind, names[c], Py_EQ);
            if (same < 0) { Py_DECREF(kind); goto done; }
            if (same) k = c;
        }
        if (k < 0) {
            PyErr_SetObject(PyExc_KeyError, kind);
            Py_DECREF(kind);
            goto done;
        }
        Py_DECREF(kind);
        for (int side = 0; side < 2; side++) {
            sentences = PyObject_GetAttr(link, names[3 + side]);
            PyObject *fast = sentences ? PySequence_Fast(sentences, "coverage_counts: a link's sentences") : NULL;
            Py_XDECREF(sentences);
            if (!fast) goto done;
            for (Py_ssize_t q = 0; q < PySequence_Fast_GET_SIZE(fast); q++) {
                Py_ssize_t at = PyLong_AsSsize_t(PySequence_Fast_GET_ITEM(fast, q));
                if (at == -1 && PyErr_Occurred()) { Py_DECREF(fast); goto done; }
                if (side == 0) {
                    if (at >= 0 && at < n_d) kind_at[at] = (signed char)k;  /* the last link's kind */
                } else if (at < 0 || at >= n_s) {
                    PyErr_SetString(PyExc_IndexError, "coverage_counts: a source sentence outside the source");
                    Py_DECREF(fast);
                    goto done;
                } else {
                    used_at[at] = 1;
                }
            }
            Py_DECREF(fast);
        }
    }
    Py_ssize_t by_kind[4] = {0, 0, 0, 0}, d_total = 0, s_total = 0, used = 0, n_new = 0, n_unused = 0;
    for (Py_ssize_t j = 0; j < n_d; j++) n_new += kind_at[j] < 0;
    for (Py_ssize_t i = 0; i < n_s; i++) n_unused += !used_at[i];
    new_spans = PyTuple_New(n_new);
    unused = PyTuple_New(n_unused);
    if (!new_spans || !unused) goto done;
    n_new = n_unused = 0;
    for (Py_ssize_t j = 0; j < n_d; j++) {
        PyObject *sentence = PySequence_Fast_GET_ITEM(derived, j);
        Py_ssize_t length;
        if (!sentence_length(sentence, &length)) goto done;
        d_total += length;
        by_kind[kind_at[j] < 0 ? 3 : kind_at[j]] += length;
        if (kind_at[j] < 0) {
            PyObject *span = sentence_span(sentence);
            if (!span) goto done;
            PyTuple_SET_ITEM(new_spans, n_new++, span);
        }
    }
    for (Py_ssize_t i = 0; i < n_s; i++) {
        PyObject *sentence = PySequence_Fast_GET_ITEM(source, i);
        Py_ssize_t length;
        if (!sentence_length(sentence, &length)) goto done;
        s_total += length;
        if (used_at[i]) {
            used += length;
        } else {
            PyObject *span = sentence_span(sentence);
            if (!span) goto done;
            PyTuple_SET_ITEM(unused, n_unused++, span);
        }
    }
    out = Py_BuildValue("(nnnnnnnOO)", by_kind[0], by_kind[1], by_kind[2], by_kind[3], d_total, used, s_total,
                        new_spans, unused);
done:
    Py_XDECREF(seq);
    Py_XDECREF(derived);
    Py_XDECREF(source);
    Py_XDECREF(new_spans);
    Py_XDECREF(unused);
    PyMem_Free(kind_at);
    return out;
}

/* The sentence scores of one pair (dedup.sentence_scores._pair_scores; dedup.pair_scores.score_batch and
   dedup.pair_join.score_pair are its twins): for words and character n-grams, each entry's TF-IDF weight
   (its value times the pair's IDF, looked up in ``idf`` by the sentences of both documents holding the
   feature, or by feature id when the IDF is fitted), zero outside the kept sentences; each sentence's norm
   (the squares added in entry order); the cosines of every sentence pair, each cell's terms added in the
   order of the first document's entries (by feature id), from 0, as scipy's CSR product and the join add
   them; the products of neighbouring sentences; and the shared content stems, names and numbers of every
   kept sentence pair with each kept sentence's count of them. Then the score, whether a pair may link and
   whether its names conflict, as dedup.pair_scores.combine computes them cell by cell. */

typedef struct {
    const int32_t *rows, *ids, *vocab, *cols, *next_left, *next_right;
    const double *values;
    Py_ssize_t n, n_vocab, n_next;
} entries_t;

typedef struct {
    Py_buffer views[96];
    int held;
} views_t;

static const void *take(views_t *v, PyObject *obj, Py_ssize_t itemsize, Py_ssize_t *count, const char *what) {
    if (v->held >= 96) { PyErr_SetString(PyExc_ValueError, "pair_scores: too many arrays"); return NULL; }
    Py_buffer *b = &v->views[v->held];
    if (PyObject_GetBuffer(obj, b, PyBUF_SIMPLE) < 0) return NULL;  /* C-contiguous, or an error */
    v->held++;
    if (b->len % itemsize) {
        PyErr_Format(PyExc_ValueError, "pair_scores: %s is not an array of %zd-byte items", what, itemsize);
        return NULL;
    }
    *count = b->len / itemsize;
    return b->buf;
}

/* One kind's entries: (rows, ids, values, vocab, cols, next_left, next_right), 32-bit ints and float64
   values, each row, column and neighbour checked against the sizes. */
static int take_entries(views_t *v, PyObject *t, Py_ssize_t n_sentences, entries_t *e) {
    Py_ssize_t c[7];
    if (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) != 7) {
        PyErr_SetString(PyExc_ValueError, "pair_scores: a kind's entries are seven arrays");
        return 0;
    }
    if (!(e->rows = take(v, PyTuple_GET_ITEM(t, 0), 4, &c[0], "rows")) ||
        !(e->ids = take(v, PyTuple_GET_ITEM(t, 1), 4, &c[1], "ids")) ||
        !(e->values = take(v, PyTuple_GET_ITEM(t, 2), 8, &c[2], "values")) ||
        !(e->vocab = take(v, PyTuple_GET_ITEM(t, 3), 4, &c[3], "vocab")) ||
        !(e->cols = take(v, PyTuple_GET_ITEM(t, 4), 4, &c[4], "cols")) ||
        !(e->next_left = take(v, PyTuple_GET_ITEM(t, 5), 4, &c[5], "next_left")) ||
        !(e->next_right = take(v, PyTuple_GET_ITEM(t, 6), 4, &c[6], "next_right"))) return 0;
    e->n = c[0], e->n_vocab = c[3], e->n_next = c[5];
    if (c[1] != e->n || c[2] != e->n || c[4] != e->n || c[6] != e->n_next) {
        PyErr_SetString(PyExc_ValueError, "pair_scores: a kind's arrays disagree in length");
        return 0;
    }
    for (Py_ssize_t k = 0; k < e->n; k++)
        if (e->rows[k] < 0 || e->rows[k] >= n_sentences || e->cols[k] < 0 || e->cols[k] >= e->n_vocab ||
            e->ids[k] < 0 || (k && e->rows[k] < e->rows[k - 1])) {
            PyErr_SetString(PyExc_IndexError, "pair_scores: an entry out of range or out of order");
            return 0;
        }
    for (Py_ssize_t k = 0; k < e->n_next; k++)
        if (e->next_left[k] < 0 || e->next_left[k] >= e->n || e->next_right[k] < 0 || e->next_right[k] >= e->n) {
            PyErr_SetString(PyExc_IndexError, "pair_scores: a neighbour out of range");
            return 0;
        }
    return 1;
}

/* Where each of ``a``'s vocabulary ids is in ``b``'s (both sorted), -1 where b lacks it. */
static void vocab_map(const entries_t *a, const entries_t *b, Py_ssize_t *to) {
    Py_ssize_t j = 0;
    for (Py_ssize_t i = 0; i < a->n_vocab; i++) {
        while (j < b->n_vocab && b->vocab[j] < a->vocab[i]) j++;
        to[i] = j < b->n_vocab && b->vocab[j] == a->vocab[i] ? j : -1;
    }
}

typedef struct {
    const entries_t *e;
    const int32_t *df;  /* sentences holding each vocabulary id (words and chars share the vocabulary) */
    const uint8_t *mask;  /* kept sentences, or NULL for all */
    Py_ssize_t n;
} side_t;

/* Weights of one side's entries of a counted kind (the pair's IDF, or the fitted one by id). */
static int side_weights(const side_t *own, const side_t *other, const Py_ssize_t *to, const double *idf,
                        Py_ssize_t n_idf, int fitted, double *w) {
    for (Py_ssize_t k = 0; k < own->e->n; k++) {
        double weight;
        if (fitted) {
            if (own->e->ids[k] >= n_idf) { PyErr_SetString(PyExc_IndexError, "pair_scores: an id past the IDF"); return 0; }
            weight = own->e->values[k] * idf[own->e->ids[k]];
        } else {
            Py_ssize_t col = own->e->cols[k], there = to[col];
            Py_ssize_t df = (Py_ssize_t)own->df[col] + (there >= 0 ? (Py_ssize_t)other->df[there] : 0);
            if (df < 0 || df >= n_idf) { PyErr_SetString(PyExc_IndexError, "pair_scores: a count past the IDF"); return 0; }
            weight = own->e->values[k] * idf[df];
        }
        w[k] = own->mask ? weight * (own->mask[own->e->rows[k]] ? 1.0 : 0.0) : weight;
    }
    return 1;
}

static PyObject *f64_bytes(const double *v, Py_ssize_t n) {
    return PyBytes_FromStringAndSize((const char *)v, (Py_ssize_t)sizeof(double) * n);
}

static PyObject *pair_scores(PyObject *self, PyObject *args) {
    PyObject *kinds_a, *kinds_b, *df_a_o, *df_b_o, *mask_a_o, *mask_b_o, *idf_o, *result = NULL;
    Py_ssize_t n_a, n_b, min_shared;
    int fitted;
    if (!PyArg_ParseTuple(args, "O!O!OOnnOOOpn", &PyTuple_Type, &kinds_a, &PyTuple_Type, &kinds_b, &df_a_o, &df_b_o,
                          &n_a, &n_b, &mask_a_o, &mask_b_o, &idf_o, &fitted, &min_shared)) return NULL;
    if (PyTuple_GET_SIZE(kinds_a) != 5 || PyTuple_GET_SIZE(kinds_b) != 5 || n_a < 0 || n_b < 0) {
        PyErr_SetString(PyExc_ValueError, "pair_scores: five kinds of entries a side, and sentence counts");
        return NULL;
    }
    views_t *v = PyMem_Calloc(1, sizeof(views_t));
    if (!v) return PyErr_NoMemory();
    entries_t ea[5], eb[5];
    side_t A = {0}, B = {0};
    Py_ssize_t count, n_df_a, n_df_b, n_idf;
    const double *idf;
    double *work = NULL;
    Py_ssize_t *to_a = NULL, *to_b = NULL, *post = NULL, *start = NULL;
    for (int k = 0; k < 5; k++)
        if (!take_entries(v, PyTuple_GET_ITEM(kinds_a, k), n_a, &ea[k]) ||
            !take_entries(v, PyTuple_GET_ITEM(kinds_b, k), n_b, &eb[k])) goto done;
    if (!(A.df = take(v, df_a_o, 4, &n_df_a, "df")) || !(B.df = take(v, df_b_o, 4, &n_df_b, "df")) ||
        !(idf = take(v, idf_o, 8, &n_idf, "idf"))) goto done;
    if (n_df_a != ea[0].n_vocab || n_df_b != eb[0].n_vocab || ea[1].n_vocab != n_df_a || eb[1].n_vocab != n_df_b) {
        PyErr_SetString(PyExc_ValueError, "pair_scores: words and chars share the vocabulary their df counts");
        goto done;
    }
    if (mask_a_o != Py_None) {
        if (!(A.mask = take(v, mask_a_o, 1, &count, "mask"))) goto done;
        if (count != n_a) { PyErr_SetString(PyExc_ValueError, "pair_scores: a mask a sentence"); goto done; }
    }
    if (mask_b_o != Py_None) {
        if (!(B.mask = take(v, mask_b_o, 1, &count, "mask"))) goto done;
        if (count != n_b) { PyErr_SetString(PyExc_ValueError, "pair_scores: a mask a sentence"); goto done; }
    }
    A.n = n_a, B.n = n_b;
    Py_ssize_t cells = n_a * n_b, most = 1;
    for (int k = 0; k < 5; k++) {
        if (ea[k].n > most) most = ea[k].n;
        if (eb[k].n > most) most = eb[k].n;
        if (ea[k].n_vocab > most) most = ea[k].n_vocab;
        if (eb[k].n_vocab > most) most = eb[k].n_vocab;
    }
    /* score, shared, cosines (2 kinds), norms a/b, next a/b (2 kinds each), the three overlaps and six counts */
    Py_ssize_t n_work = 4 * cells + 4 * n_a + 4 * n_b + 2 * cells + 3 * (n_a + n_b) + 3 * most + n_b;
    work = PyMem_Calloc((size_t)(n_work + 1), sizeof(double));
    to_a = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(most + 1));
    to_b = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(most + 1));
    post = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(most + 1));
    start = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(most + 2));
    if (!work || !to_a || !to_b || !post || !start) { PyErr_NoMemory(); goto done; }
    double *cos = work, *shared = cos + 2 * cells, *overlap_e = shared + cells, *overlap_x = overlap_e + cells;
    double *norm_a = overlap_x + cells, *norm_b = norm_a + 2 * n_a, *next_a = norm_b + 2 * n_b, *next_b = next_a + 2 * n_a;
    double *counts = next_b + 2 * n_b;  /* per kind (content, names, numbers): a's n_a then b's n_b */
    double *wa = counts + 3 * (n_a + n_b), *wb = wa + most, *left = wb + most, *acc = left + most;
    for (int k = 0; k < 5; k++) {
        entries_t *a = &ea[k], *b = &eb[k];
        A.e = a, B.e = b;
        vocab_map(a, b, to_a);
        double *out = k < 2 ? cos + k * cells : (k == 2 ? shared : (k == 3 ? overlap_e : overlap_x));
        if (k < 2) {  /* words, characters: weights, norms, neighbours' products, cosines */
            vocab_map(b, a, to_b);
            if (!side_weights(&A, &B, to_a, idf, n_idf, fitted, wa) || !side_weights(&B, &A, to_b, idf, n_idf, fitted, wb))
                goto done;
            double *na = norm_a + k * n_a, *nb = norm_b + k * n_b;
            for (Py_ssize_t e = 0; e < a->n; e++) na[a->rows[e]] += wa[e] * wa[e];
            for (Py_ssize_t e = 0; e < b->n; e++) nb[b->rows[e]] += wb[e] * wb[e];
            for (Py_ssize_t i = 0; i < n_a; i++) na[i] = sqrt(na[i]);
            for (Py_ssize_t j = 0; j < n_b; j++) nb[j] = sqrt(nb[j]);
            for (Py_ssize_t e = 0; e < a->n_next; e++)
                next_a[k * n_a + a->rows[a->next_left[e]]] += wa[a->next_left[e]] * wa[a->next_right[e]];
            for (Py_ssize_t e = 0; e < b->n_next; e++)
                next_b[k * n_b + b->rows[b->next_left[e]]] += wb[b->next_left[e]] * wb[b->next_right[e]];
            for (Py_ssize_t e = 0; e < a->n; e++) {
                double norm = na[a->rows[e]];
                left[e] = wa[e] / (norm == 0 ? 1.0 : norm);
            }
            for (Py_ssize_t e = 0; e < b->n; e++) {
                double norm = nb[b->rows[e]];
                wb[e] = wb[e] / (norm == 0 ? 1.0 : norm);
            }
        } else {  /* sets: each kept sentence's count, and shared ones between kept sentences */
            for (Py_ssize_t e = 0; e < a->n; e++)
                if (!A.mask || A.mask[a->rows[e]]) counts[(k - 2) * (n_a + n_b) + a->rows[e]] += 1.0;
            for (Py_ssize_t e = 0; e < b->n; e++)
                if (!B.mask || B.mask[b->rows[e]]) counts[(k - 2) * (n_a + n_b) + n_a + b->rows[e]] += 1.0;
        }
        /* b's entries by column (a posting list a feature, sentences in order), kept sentences only */
        memset(start, 0, sizeof(Py_ssize_t) * (size_t)(b->n_vocab + 2));
        for (Py_ssize_t e = 0; e < b->n; e++)
            if (!B.mask || B.mask[b->rows[e]]) start[b->cols[e] + 2]++;
        for (Py_ssize_t c = 0; c < b->n_vocab; c++) start[c + 2] += start[c + 1];
        for (Py_ssize_t e = 0; e < b->n; e++)
            if (!B.mask || B.mask[b->rows[e]]) post[start[b->cols[e] + 1]++] = e;
        /* each of a's sentences against all of b's: its entries in order, each adding to the cells of the
           sentences of b holding the feature */
        Py_ssize_t e = 0;
        for (Py_ssize_t i = 0; i < n_a; i++) {
            for (Py_ssize_t j = 0; j < n_b; j++) acc[j] = 0.0;
            for (; e < a->n && a->rows[e] == i; e++) {
                Py_ssize_t c = to_a[a->cols[e]];
                if (c < 0 || (k >= 2 && A.mask && !A.mask[i])) continue;
                if (k < 2)
                    for (Py_ssize_t p = start[c]; p < start[c + 1]; p++) acc[b->rows[post[p]]] += left[e] * wb[post[p]];
                else
                    for (Py_ssize_t p = start[c]; p < start[c + 1]; p++) acc[b->rows[post[p]]] += 1.0;
            }
            memcpy(out + i * n_b, acc, sizeof(double) * (size_t)n_b);
        }
    }
    PyObject *score = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)sizeof(double) * cells);
    PyObject *linkable = PyBytes_FromStringAndSize(NULL, cells), *conflict = PyBytes_FromStringAndSize(NULL, cells);
    if (!score || !linkable || !conflict) { Py_XDECREF(score); Py_XDECREF(linkable); Py_XDECREF(conflict); goto done; }
    double *sc = (double *)PyBytes_AS_STRING(score);
    char *lk = PyBytes_AS_STRING(linkable), *cf = PyBytes_AS_STRING(conflict);
    for (Py_ssize_t i = 0; i < n_a; i++)
        for (Py_ssize_t j = 0; j < n_b; j++) {
            Py_ssize_t cell = i * n_b + j;
            double ca = counts[i], cb = counts[n_a + j];
            double ea_ = counts[(n_a + n_b) + i], eb_ = counts[(n_a + n_b) + n_a + j];
            double xa = counts[2 * (n_a + n_b) + i], xb = counts[2 * (n_a + n_b) + n_a + j];
            double dice = 2.0 * shared[cell] / (ca + cb);
            if (dice != dice) dice = 0.0;  /* 0 / 0: nan_to_num */
            double value = (cos[cell] + cos[cells + cell] + dice) / 3.0;
            sc[cell] = value < 0.0 ? 0.0 : (value > 1.0 ? 1.0 : value);
            cf[cell] = ea_ > 0 && eb_ > 0 && overlap_e[cell] == 0;
            int number_conflict = xa > 0 && xb > 0 && 2 * overlap_x[cell] < (xa < xb ? xa : xb);
            lk[cell] = shared[cell] >= (double)min_shared && !number_conflict;
        }
    result = Py_BuildValue("(NNNNNNNNN)", score, linkable, conflict, f64_bytes(shared, cells), f64_bytes(cos, 2 * cells),
                           f64_bytes(norm_a, 2 * n_a), f64_bytes(norm_b, 2 * n_b), f64_bytes(next_a, 2 * n_a),
                           f64_bytes(next_b, 2 * n_b));
done:
    for (int k = 0; k < v->held; k++) PyBuffer_Release(&v->views[k]);
    PyMem_Free(v);
    PyMem_Free(work);
    PyMem_Free(to_a);
    PyMem_Free(to_b);
    PyMem_Free(post);
    PyMem_Free(start);
    return result;
}

/* plain_words(texts, stop_words, figures): each text's word tokens read as dedup.words.TOKEN reads them, in one
 * pass, for a text of ASCII and the typographic marks U+2018, U+2019, U+201C, U+201D, U+2013, U+2014 only
 * (there \w is [A-Za-z0-9_]; a token is a run of them, then any run joined by one of ' U+2019 . , -;
 * nothing is folded, nothing is cut apart): per text a tuple (lowered, words, lower_written,
 * capital_lowered): every token lower-cased; those of them not in stop_words; the tokens as written whose
 * first character is a lower-case letter; and, lower-cased, the tokens after the first whose first
 * character is a capital (what dedup.hashing._entities reads of the tokens as written); and, when figures
 * is true, the text's figures as dedup.words.numbers reads them in English (else None). None for a text
 * holding any other character. The Python twin is dedup.hashing._words. */
static inline int plain_word_char(Py_UCS4 c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static inline int plain_joiner(Py_UCS4 c) { return c == '\'' || c == '.' || c == ',' || c == '-' || c == 0x2019; }

static inline int plain_char(Py_UCS4 c) {
    return c < 128 || c == 0x2018 || c == 0x2019 || c == 0x201C || c == 0x201D || c == 0x2013 || c == 0x2014;
}

/* The figures of a plain text as dedup.words.numbers reads them with a full stop before decimals (the
 * pattern \d+(?:[.,]\d+)*, each match without its commas), as a set. */
static PyObject *plain_figures(PyObject *text, int kind, const void *s, Py_ssize_t n) {
    PyObject *found = PySet_New(NULL);
    if (!found) return NULL;
    char stack[256];
    Py_ssize_t i = 0;
    while (i < n) {
        Py_UCS4 c = PyUnicode_READ(kind, s, i);
        if (c < '0' || c > '9') {
            i++;
            continue;
        }
        Py_ssize_t start = i;
        while (i < n && (c = PyUnicode_READ(kind, s, i)) >= '0' && c <= '9') i++;
        while (i + 1 < n && ((c = PyUnicode_READ(kind, s, i)) == '.' || c == ',') &&
               (c = PyUnicode_READ(kind, s, i + 1)) >= '0' && c <= '9') {
            i++;
            while (i < n && (c = PyUnicode_READ(kind, s, i)) >= '0' && c <= '9') i++;
        }
        char *buf = i - start <= (Py_ssize_t)sizeof(stack) ? stack : PyMem_Malloc((size_t)(i - start));
        if (!buf) {
            Py_DECREF(found);
            return PyErr_NoMemory();
        }
        Py_ssize_t len = 0;
        for (Py_ssize_t k = start; k < i; k++) {
            c = PyUnicode_READ(kind, s, k);
            if (c != ',') buf[len++] = (char)c;
        }
        PyObject *figure = PyUnicode_FromStringAndSize(buf, len);
        if (buf != stack) PyMem_Free(buf);
        if (!figure || PySet_Add(found, figure) < 0) {
            Py_XDECREF(figure);
            Py_DECREF(found);
            return NULL;
        }
        Py_DECREF(figure);
    }
    return found;
}

static PyObject *plain_text_words(PyObject *text, PyObject *stop_words, int figures_wanted) {
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "plain_words: every text must be a str");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *s = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), i = 0, count = 0;
    if (!PyUnicode_IS_ASCII(text)) {
        for (Py_ssize_t k = 0; k < n; k++)
            if (!plain_char(PyUnicode_READ(kind, s, k))) Py_RETURN_NONE;
    }
    PyObject *lowered = PyList_New(0), *words = PyList_New(0), *lower_written = PyList_New(0);
    PyObject *capital = PyList_New(0), *figures = NULL, *out = NULL;
    if (!lowered || !words || !lower_written || !capital) goto done;
    while (i < n) {
        if (!plain_word_char(PyUnicode_READ(kind, s, i))) {
            i++;
            continue;
        }
        Py_ssize_t start = i;
        while (i < n && plain_word_char(PyUnicode_READ(kind, s, i))) i++;
        while (i + 1 < n && plain_joiner(PyUnicode_READ(kind, s, i)) && plain_word_char(PyUnicode_READ(kind, s, i + 1))) {
            i++;
            while (i < n && plain_word_char(PyUnicode_READ(kind, s, i))) i++;
        }
        Py_ssize_t len = i - start;
        int has_upper = 0;
        Py_UCS4 widest = 0;
        for (Py_ssize_t k = start; k < i; k++) {
            Py_UCS4 c = PyUnicode_READ(kind, s, k);
            has_upper |= (c >= 'A' && c <= 'Z');
            if (c > widest) widest = c;
        }
        Py_UCS4 maxchar = widest < 128 ? 127 : 0xFFFF;
        PyObject *low = PyUnicode_New(len, maxchar);
        if (!low) goto done;
        int low_kind = PyUnicode_KIND(low);
        void *d = PyUnicode_DATA(low);
        for (Py_ssize_t k = 0; k < len; k++) {
            Py_UCS4 c = PyUnicode_READ(kind, s, start + k);
            PyUnicode_WRITE(low_kind, d, k, (c >= 'A' && c <= 'Z') ? c + 32 : c);
        }
        int failed = PyList_Append(lowered, low) < 0;
        int stop = failed ? -1 : PySet_Contains(stop_words, low);
        if (!failed && stop < 0) failed = 1;
        if (!failed && !stop) failed = PyList_Append(words, low) < 0;
        Py_UCS4 first = PyUnicode_READ(kind, s, start);
        if (!failed && first >= 'a' && first <= 'z') {
            if (!has_upper) {
                failed = PyList_Append(lower_written, low) < 0;
            } else {
                PyObject *as_written = PyUnicode_Substring(text, start, i);
                failed = as_written == NULL;
                if (!failed) {
                    failed = PyList_Append(lower_written, as_written) < 0;
                    Py_DECREF(as_written);
                }
            }
        }
        if (!failed && count > 0 && first >= 'A' && first <= 'Z') failed = PyList_Append(capital, low) < 0;
        Py_DECREF(low);
        if (failed) goto done;
        count++;
    }
    if (figures_wanted) {
        figures = plain_figures(text, kind, s, n);
        if (!figures) goto done;
    } else {
        figures = Py_None;
        Py_INCREF(figures);
    }
    out = PyTuple_Pack(5, lowered, words, lower_written, capital, figures);
done:
    Py_XDECREF(lowered);
    Py_XDECREF(words);
    Py_XDECREF(lower_written);
    Py_XDECREF(capital);
    Py_XDECREF(figures);
    return out;
}

static PyObject *plain_words(PyObject *self, PyObject *args) {
    PyObject *texts, *stop_words;
    int figures_wanted = 0;
    if (!PyArg_ParseTuple(args, "OOp", &texts, &stop_words, &figures_wanted)) return NULL;
    if (!PyAnySet_Check(stop_words)) {
        PyErr_SetString(PyExc_TypeError, "plain_words: stop_words must be a set or frozenset");
        return NULL;
    }
    PyObject *seq = PySequence_Fast(texts, "plain_words: texts must be a sequence");
    if (!seq) return NULL;
    Py_ssize_t m = PySequence_Fast_GET_SIZE(seq);
    PyObject *out = PyList_New(m);
    for (Py_ssize_t t = 0; out && t < m; t++) {
        PyObject *one = plain_text_words(PySequence_Fast_GET_ITEM(seq, t), stop_words, figures_wanted);
        if (!one) {
            Py_CLEAR(out);
            break;
        }
        PyList_SET_ITEM(out, t, one);
    }
    Py_DECREF(seq);
    return out;
}


static PyMethodDef methods[] = {
    {"hash_spans", hash_spans, METH_VARARGS, "Tabulation hash of each token (dedup.tokens.hash_spans)."},
    {"sentence_starts", sentence_starts, METH_VARARGS, "Tokens that open a sentence (dedup.tokens)."},
    {"batch_ngrams", batch_ngrams, METH_VARARGS, "Word n-gram hashes inside each text (dedup.shingles)."},
    {"minhash", minhash, METH_VARARGS, "MinHash by fast similarity sketching (dedup.signatures)."},
    {"tokenize_plain", tokenize_plain, METH_VARARGS, "Tokens of a chunk without dense scripts (dedup.tokens)."},
    {"lead_counts", lead_counts, METH_VARARGS, "Lead tokens and markers per text (dedup.wordkeys)."},
    {"window_units", window_units, METH_VARARGS, "Shingles of passage windows (dedup.candidates)."},
    {"in_sorted", in_sorted, METH_VARARGS, "Membership in a sorted table of hashes (dedup.tokens.in_sorted)."},
    {"sorted_overlap", sorted_overlap, METH_VARARGS, "Values two sorted unique arrays share (dedup.evidence)."},
    {"band_keys", band_keys, METH_VARARGS, "LSH band keys (dedup.banding.band_keys)."},
    {"token_masks", token_masks, METH_VARARGS, "Kept and content tokens of a batch (dedup.signing.signing_masks)."},
    {"channel_keys", channel_keys, METH_VARARGS, "One channel's units and band keys (dedup.signing.sign_channel)."},
    {"murmurhash3_32", murmurhash3_32, METH_VARARGS, "MurmurHash3 (x86, 32 bits, signed) of a string's UTF-8 bytes (dedup.hashing)."},
    {"bag_keys", bag_keys, METH_VARARGS, "Hashed columns of bags of strings, keyed by bag (dedup.hashing.bag_keys)."},
    {"char_keys", char_keys, METH_VARARGS, "Hashed character 4-grams of texts' words, keyed by text (dedup.hashing.char_keys)."},
    {"sort_keys", sort_keys, METH_VARARGS, "Non-negative int64 keys sorted (dedup.sentence_tables.prepare)."},
    {"counted_tables", counted_tables, METH_VARARGS, "A sentence table's word and character entries (dedup.sentence_tables.prepare)."},
    {"set_tables", set_tables, METH_VARARGS, "A sentence table's sets of stems, names and figures (dedup.sentence_tables._set_kinds)."},
    {"edit_ratio", edit_ratio, METH_VARARGS, "difflib's ratio of two token lists, with its bounds first (dedup.link_kinds._edit_ratio)."},
    {"figure_set", figure_set, METH_VARARGS, "The figures of an ASCII text (dedup.figure_sets._figure_set)."},
    {"slot_sentences", slot_sentences, METH_VARARGS, "An ASCII text's sentences with numbers, by their wording (dedup.refilled)."},
    {"spread_partners", spread_partners, METH_VARARGS, "Distinct documents sharing most of a passage (dedup.evidence)."},
    {"shared_runs", shared_runs, METH_VARARGS, "The runs of 5-grams two texts share one after another (dedup.evidence._runs_py)."},
    {"passage_measures", passage_measures, METH_VARARGS, "A pair's shared passages measured from its merged windows (dedup.evidence)."},
    {"unique_runs", unique_runs, METH_VARARGS, "Each run of a batch's hashes sorted and without repeats (dedup.exact_sets.features)."},
    {"first_links", first_links, METH_VARARGS, "The first steps of a pair's link choice (dedup.links._first_links)."},
    {"fill_gaps", fill_gaps, METH_VARARGS, "The in-order gaps between a pair's links filled (dedup.link_gaps.fill_gaps)."},
    {"link_runs", link_runs, METH_VARARGS, "A pair's links joined into runs (dedup.link_kinds._link_runs)."},
    {"make_links", make_links, METH_VARARGS, "A pair's links made from their runs (dedup.link_kinds._make_links)."},
    {"strong_cells", strong_cells, METH_VARARGS, "Where a pair may link on its wording, and its short statements (dedup.link_seeds.strong_cells)."},
    {"coverage_counts", coverage_counts, METH_VARARGS, "What an alignment's links cover, counted (dedup.coverage._coverage_counts)."},
    {"group_links", group_links, METH_VARARGS, "The linkable sentence groups of a pair, scored (dedup.sentence_scores.group_links)."},
    {"pair_scores", pair_scores, METH_VARARGS, "The sentence scores of one pair (dedup.sentence_scores._pair_scores)."},
    {"plain_words", plain_words, METH_VARARGS, "Plain texts' word tokens, lower-cased, without stop words, and as names read them (dedup.hashing._words)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_kernels", NULL, -1, methods};

PyMODINIT_FUNC PyInit__kernels(void) {
    init_tables();
    return PyModule_Create(&module);
}
