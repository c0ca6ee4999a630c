//! The twisted Edwards sets (256 A, 512 C) computed in their Edwards form u² + v² = 1 + d·u²v²
//! (e = 1, d not a square modulo p), in extended coordinates (Hisil–Wong–Carter–Dawson 2008):
//! X, Y, Z, T with u = X/Z, v = Y/Z, T = XY/Z. The unified addition law is complete on these
//! curves — no exception for the identity, a doubling, a point of order 2 or 4 — so signing's
//! constant-time comb and verification's wNAF take the same formulas for every input, and the
//! subgroup check `q·P = O` (by the same wNAF, over the key's table) is exact for points of any
//! order.
//!
//! Keys and signatures stay in the Weierstrass form GOST specifies; RFC 7836 §A gives the
//! birational map with s = (e − d)/4 and t = (e + d)/6:
//! x = s(1 + v)/(1 − v) + t, y = s(1 + v)/((1 − v)·u), and back u = (x − t)/y,
//! v = (x − t − s)/(x − t + s). The Weierstrass point (t, 0) of order 2 is (0, −1); the identity
//! is (0, 1); no other point is exceptional (a point with x − t + s = 0 would need d to be a
//! square).
//!
//! Costs (M a multiplication, S a squaring): mixed addition 8M (the table holds d·u·v), addition
//! 9M (the key's table holds d·T), doubling 3M + 4S and one more M when T is needed next, where
//! the Jacobian formulas these sets used before take 7M + 4S, 11M + 5S and 1M + 8S.
//! Formulas: add-2008-hwcd, madd-2008-hwcd, dbl-2008-hwcd (Explicit-Formulas Database, a = 1).

use elliptic_curve::ff::Field;

use super::comb::{self, MontgomeryWords};
use super::vartime::wnaf;

/// Width of the NAF of z₁ (the base point's table holds 2^(w−2) odd multiples).
pub(crate) const BASE_WINDOW: u32 = 7;
/// Width of the NAF of z₂ (a key's table holds 2^(w−2) = 16 odd multiples of Q, made once per
/// key and kept by the caller).
const KEY_WINDOW: u32 = 6;

/// A variable-time inversion, for public values (keys, tables of G).
pub(crate) trait PublicInvert: Field {
    /// 1/self, `None` for zero; time depends on the value.
    fn invert_public(&self) -> Option<Self>;
}

/// The Edwards curve's d and the map's s and t.
#[derive(Clone, Copy)]
pub(crate) struct EdwardsCurve<F> {
    pub(crate) d: F,
    pub(crate) s: F,
    pub(crate) t: F,
}

/// (X : Y : Z : T), u = X/Z, v = Y/Z, T = XY/Z; the identity is (0 : 1 : 1 : 0).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Extended<F> {
    x: F,
    y: F,
    z: F,
    t: F,
}

/// An affine point (u, v) with d·u·v, as the mixed addition takes it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Affine<F> {
    u: F,
    v: F,
    duv: F,
}

/// An extended point with d·T in place of T, as the addition takes it.
#[derive(Clone, Copy)]
struct Cached<F> {
    x: F,
    y: F,
    z: F,
    dt: F,
}

impl<F: Field> Affine<F> {
    /// The affine point (u, v) of the curve.
    pub(crate) fn new(u: F, v: F, curve: &EdwardsCurve<F>) -> Self {
        Affine {
            u,
            v,
            duv: curve.d * u * v,
        }
    }

    /// Whether u² + v² = 1 + d·u²v².
    #[cfg(test)]
    pub(crate) fn is_on(&self, curve: &EdwardsCurve<F>) -> bool {
        let (uu, vv) = (self.u.square(), self.v.square());
        uu + vv == F::ONE + curve.d * uu * vv && self.duv == curve.d * self.u * self.v
    }

    fn negated(&self) -> Self {
        Affine {
            u: -self.u,
            v: self.v,
            duv: -self.duv,
        }
    }
}

impl<F: Field> Extended<F> {
    pub(crate) fn identity() -> Self {
        Extended {
            x: F::ZERO,
            y: F::ONE,
            z: F::ONE,
            t: F::ZERO,
        }
    }

    pub(crate) fn from_affine(point: &Affine<F>) -> Self {
        Extended {
            x: point.u,
            y: point.v,
            z: F::ONE,
            t: point.u * point.v,
        }
    }

    /// Whether this is (0, 1) (variable time).
    pub(crate) fn is_identity(&self) -> bool {
        bool::from(self.x.is_zero()) && self.y == self.z
    }

    fn cached(&self, curve: &EdwardsCurve<F>) -> Cached<F> {
        Cached {
            x: self.x,
            y: self.y,
            z: self.z,
            dt: curve.d * self.t,
        }
    }

    /// self + (u₂, v₂): madd-2008-hwcd, 8M, or 7M without T₃ when `with_t` is false (a
    /// doubling follows).
    #[inline]
    fn add_affine(&self, other: &Affine<F>, with_t: bool) -> Self {
        let a = self.x * other.u;
        let b = self.y * other.v;
        let c = self.t * other.duv;
        let e = (self.x + self.y) * (other.u + other.v) - a - b;
        Self::from_efgh(e, self.z - c, self.z + c, b - a, with_t)
    }

    /// (E·F : G·H : F·G : E·H), the last step every formula here shares; T only when asked.
    #[inline]
    fn from_efgh(e: F, f: F, g: F, h: F, with_t: bool) -> Self {
        Extended {
            x: e * f,
            y: g * h,
            z: f * g,
            t: if with_t { e * h } else { F::ZERO },
        }
    }

    /// self + other: add-2008-hwcd, 9M (8M without T₃).
    #[inline]
    fn add_cached(&self, other: &Cached<F>, with_t: bool) -> Self {
        let a = self.x * other.x;
        let b = self.y * other.y;
        let c = self.t * other.dt;
        let d = self.z * other.z;
        let e = (self.x + self.y) * (other.x + other.y) - a - b;
        Self::from_efgh(e, d - c, d + c, b - a, with_t)
    }

    /// 2·self: dbl-2008-hwcd, 3M + 4S, and 1M more for T when `with_t` (an addition follows;
    /// a doubling does not read T).
    #[inline]
    fn double(&self, with_t: bool) -> Self {
        let a = self.x.square();
        let b = self.y.square();
        let c = self.z.square().double();
        let e = (self.x + self.y).square() - a - b;
        let g = a + b;
        Self::from_efgh(e, g - c, g, a - b, with_t)
    }

    /// The point in the Weierstrass form: x = s(Z + Y)·X/((Z − Y)·X) + t, y = s(Z + Y)·Z/((Z −
    /// Y)·X), one constant-time inversion; `None` for the identity and the point of order 2.
    pub(crate) fn to_weierstrass(self, curve: &EdwardsCurve<F>) -> Option<(F, F)> {
        let inverse = Option::<F>::from(((self.z - self.y) * self.x).invert())?;
        let numerator = curve.s * (self.z + self.y) * inverse;
        Some((numerator * self.x + curve.t, numerator * self.z))
    }

    /// Whether the Weierstrass x-coordinate is `x`, without an inversion: (x − t)(Z − Y) =
    /// s(Z + Y). Never true of the identity (Z = Y there, and s(Z + Y) ≠ 0).
    pub(crate) fn has_weierstrass_x(&self, x: &F, curve: &EdwardsCurve<F>) -> bool {
        (*x - curve.t) * (self.z - self.y) == curve.s * (self.z + self.y)
    }
}

/// The affine points of `points` with one inversion (Montgomery's trick; variable time: public
/// points only).
fn batch_to_affine<F: PublicInvert>(
    points: &[Extended<F>],
    curve: &EdwardsCurve<F>,
) -> Vec<Affine<F>> {
    // prefix[i] = Z₀·…·Z_{i−1}.
    let mut prefix = Vec::with_capacity(points.len());
    let mut product = F::ONE;
    for point in points {
        prefix.push(product);
        product *= point.z;
    }
    let mut inverse = product
        .invert_public()
        .expect("Z is never zero on a curve with a complete addition law");
    let mut affine = vec![Affine::new(F::ZERO, F::ONE, curve); points.len()];
    for (i, point) in points.iter().enumerate().rev() {
        let z_inverse = inverse * prefix[i];
        inverse *= point.z;
        affine[i] = Affine::new(point.x * z_inverse, point.y * z_inverse, curve);
    }
    affine
}

impl<F: Field> EdwardsCurve<F> {
    /// The curve with this d (e = 1): s = (1 − d)/4, t = (1 + d)/6.
    pub(crate) fn new(d: F) -> Self {
        let two = F::ONE.double();
        let four = two.double();
        let quarter = Option::<F>::from(four.invert()).expect("p is odd");
        let sixth = Option::<F>::from((four + two).invert()).expect("p is prime to 6");
        EdwardsCurve {
            d,
            s: (F::ONE - d) * quarter,
            t: (F::ONE + d) * sixth,
        }
    }

    /// The Edwards point of the Weierstrass point (x, y) (on the curve; variable time: public
    /// points only): `None` for (t, 0), the point of order 2, whose image is not affine in
    /// this map.
    pub(crate) fn edwards_point(&self, x: F, y: F) -> Option<Affine<F>>
    where
        F: PublicInvert,
    {
        let w = x - self.t;
        let denominator = w + self.s;
        // u = w/y, v = (w − s)/(w + s), with one inversion of y·(w + s).
        let inverse = (y * denominator).invert_public()?;
        let u = w * denominator * inverse;
        let v = (w - self.s) * y * inverse;
        Some(Affine::new(u, v, self))
    }

    /// P, 3P, 5P, …, (2^(w−1) − 1)·P, and the same for 2^h·P, in affine coordinates (one
    /// inversion), h the bits of the low half of a scalar of `words` words.
    fn split_table(&self, point: &Affine<F>, w: u32, words: usize) -> SplitTable<F>
    where
        F: PublicInvert,
    {
        let count = 1usize << (w - 2);
        let mut high = Extended::from_affine(point);
        for _ in 0..64 * (words / 2) {
            high = high.double(true);
        }
        let mut points = Vec::with_capacity(2 * count);
        for start in [Extended::from_affine(point), high] {
            let twice = start.double(true).cached(self);
            let mut current = start;
            for _ in 0..count {
                points.push(current);
                current = current.add_cached(&twice, true);
            }
        }
        let mut affine = batch_to_affine(&points, self);
        let high = affine.split_off(count);
        SplitTable {
            low: affine,
            high,
            low_words: words / 2,
            window: w,
        }
    }

    /// The base point's tables for [`double_scalar_mul`], for scalars of `words` words.
    pub(crate) fn base_table(&self, generator: &Affine<F>, words: usize) -> SplitTable<F>
    where
        F: PublicInvert,
    {
        self.split_table(generator, BASE_WINDOW, words)
    }

    /// A public key's tables for [`double_scalar_mul`], for scalars of `words` words (worth
    /// keeping while the key is in use; made for any point of the curve, of any order).
    pub(crate) fn key_table(&self, key: &Affine<F>, words: usize) -> SplitTable<F>
    where
        F: PublicInvert,
    {
        self.split_table(key, KEY_WINDOW, words)
    }

    /// The comb's rows for this base point: row i holds j·2^(5i)·P for j = 1…16, as words.
    pub(crate) fn comb_table(&self, base: &Affine<F>, rows: usize) -> Vec<CombRow<F>>
    where
        F: MontgomeryWords + PublicInvert,
    {
        let mut row_base = Extended::from_affine(base);
        (0..rows)
            .map(|_| {
                let step = row_base.cached(self);
                let mut multiples = Vec::with_capacity(comb::ROW);
                let mut multiple = row_base;
                for _ in 0..comb::ROW {
                    multiples.push(multiple);
                    multiple = multiple.add_cached(&step, true);
                }
                let affine = batch_to_affine(&multiples, self);
                for _ in 0..5 {
                    row_base = row_base.double(true);
                }
                core::array::from_fn(|j| {
                    let point = &affine[j];
                    (point.u.to_words(), point.v.to_words(), point.duv.to_words())
                })
            })
            .collect()
    }
}

/// One comb row: (u, v, d·u·v) of j·2^(5i)·G for j = 1…16, as Montgomery words.
pub(crate) type CombRow<F> = [(
    <F as MontgomeryWords>::Words,
    <F as MontgomeryWords>::Words,
    <F as MontgomeryWords>::Words,
); comb::ROW];

/// k·G for k as little-endian words (canonical, below q), constant-time: per row a masked scan
/// of every entry (the identity (0, 1, 0) when the digit is zero), a masked negation, and one
/// complete mixed addition.
pub(crate) fn mul_base<F: MontgomeryWords>(table: &[CombRow<F>], words: &[u64]) -> Extended<F> {
    let mut acc = Extended::identity();
    let identity = (F::ZERO.to_words(), F::ONE.to_words(), F::ZERO.to_words());
    for (row, digit) in table.iter().zip(comb::signed_digits(words, table.len())) {
        let negative = ((digit >> 63) & 1) as u64;
        let magnitude = ((digit ^ -(negative as i64)) + negative as i64) as u64;
        let (mut u, mut v, mut duv) = identity;
        for (j, (entry_u, entry_v, entry_duv)) in row.iter().enumerate() {
            let mask = comb::equal_mask(magnitude, j as u64 + 1);
            u = comb::masked(u, *entry_u, mask);
            v = comb::masked(v, *entry_v, mask);
            duv = comb::masked(duv, *entry_duv, mask);
        }
        let (u, duv) = (F::from_words(u), F::from_words(duv));
        let sign = negative.wrapping_neg();
        let point = Affine {
            u: F::from_words(comb::masked(u.to_words(), (-u).to_words(), sign)),
            v: F::from_words(v),
            duv: F::from_words(comb::masked(duv.to_words(), (-duv).to_words(), sign)),
        };
        acc = acc.add_affine(&point, true);
    }
    acc
}

/// The odd multiples of a point P and of 2^h·P (h = 64·`low_words`), affine: a scalar's low
/// and high halves are looked up in one and the other, so a multiplication takes h doublings
/// instead of 2h.
pub(crate) struct SplitTable<F> {
    low: Vec<Affine<F>>,
    high: Vec<Affine<F>>,
    low_words: usize,
    window: u32,
}

impl<F: Field> SplitTable<F> {
    /// Every point of both tables.
    #[cfg(test)]
    pub(crate) fn points(&self) -> impl Iterator<Item = &Affine<F>> {
        self.low.iter().chain(&self.high)
    }

    /// The wNAF digits of the low and high halves of `scalar` (little-endian words), each with
    /// the table it indexes.
    fn digits<'a>(&'a self, scalar: &[u64]) -> [(Vec<i8>, &'a [Affine<F>]); 2] {
        let split = self.low_words.min(scalar.len());
        [
            (wnaf(&scalar[..split], self.window), &self.low),
            (wnaf(&scalar[split..], self.window), &self.high),
        ]
    }
}

/// z₁·G + z₂·Q by interleaved wNAF over four streams — the low and high halves of each scalar,
/// with the tables of [`EdwardsCurve::base_table`] and [`EdwardsCurve::key_table`] — one
/// doubling per bit of a half. The scalars are little-endian words. Variable time.
pub(crate) fn double_scalar_mul<F: Field>(
    base_table: &SplitTable<F>,
    z1: &[u64],
    key_table: &SplitTable<F>,
    z2: &[u64],
) -> Extended<F> {
    let [g_low, g_high] = base_table.digits(z1);
    let [q_low, q_high] = key_table.digits(z2);
    let streams = [g_low, g_high, q_low, q_high];
    let length = streams.iter().map(|(naf, _)| naf.len()).max().unwrap_or(0);
    let mut acc = Extended::identity();
    for i in (0..length).rev() {
        let mut additions = streams
            .iter()
            .filter_map(|(naf, table)| {
                let digit = naf.get(i).copied().unwrap_or(0);
                (digit != 0).then(|| {
                    let point = table[usize::from(digit.unsigned_abs() / 2)];
                    if digit < 0 {
                        point.negated()
                    } else {
                        point
                    }
                })
            })
            .peekable();
        acc = acc.double(additions.peek().is_some());
        while let Some(point) = additions.next() {
            // T is needed after an addition only by another addition.
            acc = acc.add_affine(&point, additions.peek().is_some());
        }
    }
    acc
}
