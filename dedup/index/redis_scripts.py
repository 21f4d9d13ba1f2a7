"""The Lua scripts of the Redis index (:mod:`dedup.index.store_redis`), each run atomically by the server:
an article's insert (refused when its id or content hash is set already), its removal, and the count of the
articles a crowded key holds; and an article's postings as the insert script reads them.

The scripts that write first look for a key of another Redis type than dedup puts there: a script's writes are
not undone when one of its calls fails, so they refuse before writing anything.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

__all__ = ["INSERT", "DELETE", "FEW_ARTICLES", "postings_text"]

#: Lua run first by the scripts that write: the first key they would write that holds another Redis type
#: than dedup puts there, or a counter that is no number (nil when none does). A script's writes are not
#: undone when one of its calls fails, so a key of the wrong type met midway left half an article written.
_KINDS = """
local function wrong(key, kind)
  local t = redis.call('TYPE', key)['ok']
  if t ~= 'none' and t ~= kind then return key end
  if kind == 'string' and t == 'string' and not tonumber(redis.call('GET', key)) then return key end
  return nil
end
local function wrong_in(keys, kind)
  for _, key in ipairs(keys) do
    local found = wrong(key, kind)
    if found then return found end
  end
  return nil
end
"""

INSERT = _KINDS + """
local p = ARGV[1]
if #KEYS > 0 and redis.call('EXISTS', KEYS[1]) == 0 then return {-1, 0} end
local bad = wrong_in({p .. 'id:' .. ARGV[2], p .. 'hash:' .. ARGV[3]}, 'string')
if bad then return {-2, bad} end
local s = redis.call('GET', p .. 'id:' .. ARGV[2]) or redis.call('GET', p .. 'hash:' .. ARGV[3])
if s then return {0, tonumber(s)} end
local n = tonumber(ARGV[6])
local m = 8
local t = m + 1 + 2 * tonumber(ARGV[m])
local sets, hashes = {}, {}
for key in string.gmatch(ARGV[7], '(%S+) %S+') do sets[#sets + 1] = p .. 'k:' .. key end
for i = m + 1, m + 2 * tonumber(ARGV[m]), 2 do hashes[#hashes + 1] = p .. 'm:' .. ARGV[i] end
for i = t + 1, t + 4 * tonumber(ARGV[t]), 4 do
  if tonumber(ARGV[i]) ~= 0 then sets[#sets + 1] = p .. 's:' .. ARGV[i] end
end
bad = wrong_in({p .. 'seq', p .. 'articles', p .. 'postings'}, 'string') or wrong(p .. 'age', 'zset')
  or wrong_in(sets, 'set') or wrong_in(hashes, 'hash')
if bad then return {-2, bad} end
local coming = tonumber(redis.call('GET', p .. 'seq') or '0') + 1
bad = wrong_in({p .. 'doc:' .. coming, p .. 'm:' .. coming, p .. 's:' .. coming}, 'none')
if bad then return {-2, bad} end
local seq = redis.call('INCR', p .. 'seq')
redis.call('SET', p .. 'id:' .. ARGV[2], seq)
redis.call('SET', p .. 'hash:' .. ARGV[3], seq)
redis.call('SET', p .. 'doc:' .. seq, ARGV[4])
redis.call('ZADD', p .. 'age', ARGV[5], seq)
for key, span in string.gmatch(ARGV[7], '(%S+) (%S+)') do
  redis.call('SADD', p .. 'k:' .. key, seq .. ':' .. span)
end
for i = m + 1, m + 2 * tonumber(ARGV[m]), 2 do
  local row = '{"seq": ' .. seq .. ', "other": ' .. ARGV[i] .. ', ' .. ARGV[i + 1]
  redis.call('HSET', p .. 'm:' .. seq, ARGV[i], row)
  redis.call('HSET', p .. 'm:' .. ARGV[i], seq, row)
end
for i = t + 1, t + 4 * tonumber(ARGV[t]), 4 do
  local owner, partner = tonumber(ARGV[i]), tonumber(ARGV[i + 3])
  if owner == 0 then owner = seq end
  if partner == 0 then partner = seq end
  redis.call('SADD', p .. 's:' .. owner, ARGV[i + 1] .. ':' .. ARGV[i + 2] .. ':' .. partner)
end
redis.call('INCR', p .. 'articles')
redis.call('INCRBY', p .. 'postings', n)
return {1, seq}
"""

#: Postings written into their text at a time (:func:`postings_text`).
_TEXT_CHUNK = 1 << 16


def postings_text(postings: Sequence[tuple[int, int]] | np.ndarray) -> bytes:
    """An article's postings as the insert script reads them: ``key span key span ...`` in decimal, one
    argument. Two arguments a posting, as they were, cost some 425 bytes each in the client (the list of
    numbers, then each packed on its own, through every layer of the call): 2.7 GB at the peak of
    ``dedup stream`` of an article of a million characters (4.75 million postings) into Redis.

    >>> postings_text(np.array([[-5, 0], [7, 12]])), postings_text([(3, 1)]), postings_text([])
    (b'-5 0 7 12', b'3 1', b'')
    """
    flat = np.asarray(postings, dtype=np.int64).reshape(-1)
    return b" ".join(" ".join(map(str, flat[lo : lo + _TEXT_CHUNK].tolist())).encode()
                     for lo in range(0, len(flat), _TEXT_CHUNK))


DELETE = _KINDS + """
local p, seq = ARGV[1], ARGV[2]
local sets, hashes = {p .. 's:' .. seq}, {p .. 'm:' .. seq}
for i = 5, #ARGV do sets[#sets + 1] = p .. 'k:' .. ARGV[i] end
local bad = wrong_in({p .. 'articles', p .. 'postings'}, 'string') or wrong(p .. 'age', 'zset')
  or wrong_in(sets, 'set') or wrong_in(hashes, 'hash')
if bad then return {-1, bad} end
for _, other in ipairs(redis.call('HKEYS', p .. 'm:' .. seq)) do hashes[#hashes + 1] = p .. 'm:' .. other end
for _, mine in ipairs(redis.call('SMEMBERS', p .. 's:' .. seq)) do
  local partner = string.match(mine, ':(%d+)$')
  if not partner then return {-1, p .. 's:' .. seq} end
  sets[#sets + 1] = p .. 's:' .. partner
end
bad = wrong_in(sets, 'set') or wrong_in(hashes, 'hash')
if bad then return {-1, bad} end
local removed = 0
for i = 5, #ARGV do
  for _, member in ipairs(redis.call('SMEMBERS', p .. 'k:' .. ARGV[i])) do
    if string.sub(member, 1, #seq + 1) == seq .. ':' then
      redis.call('SREM', p .. 'k:' .. ARGV[i], member)
      removed = removed + 1
    end
  end
end
for _, other in ipairs(redis.call('HKEYS', p .. 'm:' .. seq)) do
  redis.call('HDEL', p .. 'm:' .. other, seq)
end
local suffix = ':' .. seq
for _, mine in ipairs(redis.call('SMEMBERS', p .. 's:' .. seq)) do
  local partner = string.match(mine, ':(%d+)$')
  for _, theirs in ipairs(redis.call('SMEMBERS', p .. 's:' .. partner)) do
    if string.sub(theirs, -#suffix) == suffix then
      redis.call('SREM', p .. 's:' .. partner, theirs)
    end
  end
end
redis.call('DEL', p .. 's:' .. seq, p .. 'm:' .. seq, p .. 'doc:' .. seq, p .. 'id:' .. ARGV[3], p .. 'hash:' .. ARGV[4])
redis.call('ZREM', p .. 'age', seq)
redis.call('DECR', p .. 'articles')
redis.call('DECRBY', p .. 'postings', removed)
return {removed, ''}
"""

#: Which of the keys ``ARGV[3..]`` hold postings of at most ``ARGV[2]`` distinct articles (1) or more (0):
#: counted where the set is, so that a crowded bucket's members are not sent back to be counted.
FEW_ARTICLES = """
local p, most = ARGV[1], tonumber(ARGV[2])
local out = {}
for i = 3, #ARGV do
  local seen, n = {}, 0
  for _, member in ipairs(redis.call('SMEMBERS', p .. 'k:' .. ARGV[i])) do
    local seq = string.match(member, '^(%d+):')
    if not seen[seq] then
      seen[seq] = true
      n = n + 1
      if n > most then break end
    end
  end
  out[#out + 1] = n <= most and 1 or 0
end
return out
"""
