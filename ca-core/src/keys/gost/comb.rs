//! k·G for signing and key generation, constant-time: signed radix-2⁵ digits of k, each looked
//! up (by a masked scan of the whole row) in a table of j·2^(5i)·G, j = 1…16, held in affine
//! coordinates as Montgomery words, and added with the complete mixed formulas of
//! Renes–Costello–Batina 2015 (Algorithm 5 for a = −3, Algorithm 2 with Z₂ = 1 for any a), in
//! homogeneous projective coordinates. No doublings: one mixed addition per 5 bits.
//!
//! Nothing here branches on, or indexes memory by, a secret: the digit recoding is arithmetic,
//! the selection reads every entry of the row under masks, the sign is a masked choice between
//! y and −y, and a zero digit adds and then keeps the old sum by mask. The formulas are complete
//! for any two points of the odd-order subgroup (their difference is never of order 2, the only
//! exception on the cofactor-4 sets), so no input takes another path.

use elliptic_curve::ff::Field;

/// Bits per digit.
const WIDTH: usize = 5;
/// Multiples per row: digits run from −15 to 16.
pub(crate) const ROW: usize = 1 << (WIDTH - 1);

/// A field element's Montgomery words, for masked selection.
pub(crate) trait MontgomeryWords: Field {
    /// `[u64; LIMBS]`.
    type Words: Copy + Default + AsRef<[u64]> + AsMut<[u64]> + Send + Sync;
    /// The element's words (Montgomery form).
    fn to_words(&self) -> Self::Words;
    /// The element with these words (Montgomery form, below p).
    fn from_words(words: Self::Words) -> Self;
}

/// The curve's coefficients as the formulas use them: a (with what is known of it) and b.
#[derive(Clone, Copy)]
pub(crate) struct Coefficients<F> {
    pub(crate) a: super::vartime::Coefficient<F>,
    pub(crate) b: F,
}

/// (X : Y : Z), x = X/Z, y = Y/Z; (0 : 1 : 0) is the identity.
#[derive(Clone, Copy)]
pub(crate) struct Projective<F> {
    pub(crate) x: F,
    pub(crate) y: F,
    pub(crate) z: F,
}

impl<F: Field> Projective<F> {
    fn identity() -> Self {
        Projective {
            x: F::ZERO,
            y: F::ONE,
            z: F::ZERO,
        }
    }

    /// The affine coordinates (a constant-time inversion), `None` for the identity.
    pub(crate) fn to_affine(self) -> Option<(F, F)> {
        let z_inverse = Option::<F>::from(self.z.invert())?;
        Some((self.x * z_inverse, self.y * z_inverse))
    }
}

/// self + (x₂, y₂), (x₂, y₂) not the identity: RCB 2015 Algorithm 5 (a = −3, 11M + 2m_b)
/// or Algorithm 2 with Z₂ = 1 (any a, 11M + 3m_a + 2m_3b).
fn add_mixed<F: Field>(p: &Projective<F>, x2: &F, y2: &F, c: &Coefficients<F>) -> Projective<F> {
    let (x1, y1, z1) = (p.x, p.y, p.z);
    if c.a.is_minus_three {
        let xx = x1 * x2;
        let yy = y1 * y2;
        let xy_pairs = (x1 + y1) * (*x2 + y2) - (xx + yy);
        let yz_pairs = *y2 * z1 + y1;
        let xz_pairs = *x2 * z1 + x1;
        let bz = xz_pairs - c.b * z1;
        let bz3 = bz.double() + bz;
        let yy_minus = yy - bz3;
        let yy_plus = yy + bz3;
        let z3 = z1.double() + z1;
        let bxz = c.b * xz_pairs - (z3 + xx);
        let bxz3 = bxz.double() + bxz;
        let xx3_minus_zz3 = xx.double() + xx - z3;
        Projective {
            x: yy_plus * xy_pairs - yz_pairs * bxz3,
            y: yy_plus * yy_minus + xx3_minus_zz3 * bxz3,
            z: yy_minus * yz_pairs + xy_pairs * xx3_minus_zz3,
        }
    } else {
        let b3 = c.b.double() + c.b;
        let t0 = x1 * x2;
        let t1 = y1 * y2;
        let t3 = (*x2 + y2) * (x1 + y1) - (t0 + t1);
        let t4 = *x2 * z1 + x1;
        let t5 = *y2 * z1 + y1;
        let z3 = c.a.times_a(t4) + b3 * z1;
        let x3 = t1 - z3;
        let z3 = t1 + z3;
        let y3 = x3 * z3;
        let t2 = c.a.times_a(z1);
        let t1 = t0.double() + t0 + t2;
        let t4 = b3 * t4 + c.a.times_a(t0 - t2);
        Projective {
            x: t3 * x3 - t5 * t4,
            y: y3 + t1 * t4,
            z: t5 * z3 + t3 * t1,
        }
    }
}

/// All ones when `a == b`, else zero, without a branch.
pub(crate) fn equal_mask(a: u64, b: u64) -> u64 {
    let difference = a ^ b;
    // The top bit of d | −d is set exactly when d ≠ 0.
    let nonzero = (difference | difference.wrapping_neg()) >> 63;
    core::hint::black_box(nonzero.wrapping_sub(1))
}

/// `chosen` where `mask` is all ones, `kept` where it is zero, word by word.
pub(crate) fn masked<W: Copy + AsRef<[u64]> + AsMut<[u64]>>(kept: W, chosen: W, mask: u64) -> W {
    let mut out = kept;
    for (o, c) in out.as_mut().iter_mut().zip(chosen.as_ref()) {
        *o = (*o & !mask) | (c & mask);
    }
    out
}

/// The same on a field element.
fn masked_element<F: MontgomeryWords>(kept: &F, chosen: &F, mask: u64) -> F {
    F::from_words(masked(kept.to_words(), chosen.to_words(), mask))
}

/// One row: j·2^(5i)·G for j = 1…16, affine, as words.
pub(crate) type Row<F> = [(<F as MontgomeryWords>::Words, <F as MontgomeryWords>::Words); ROW];

/// The number of rows for scalars of `scalar_bits` bits (one more for the recoding's carry).
pub(crate) fn rows(scalar_bits: usize) -> usize {
    scalar_bits / WIDTH + 1
}

/// The signed digits d_i ∈ [−15, 16] of the little-endian `words` with Σ d_i·2^(5i) = k,
/// `rows` of them (enough that the last carry is zero). Constant-time.
pub(crate) fn signed_digits(words: &[u64], rows: usize) -> Vec<i64> {
    let bit = |index: usize| -> u64 {
        words
            .get(index / 64)
            .map_or(0, |word| (word >> (index % 64)) & 1)
    };
    let mut digits = Vec::with_capacity(rows);
    let mut carry = 0u64;
    for row in 0..rows {
        let mut window = 0u64;
        for offset in 0..WIDTH {
            window |= bit(row * WIDTH + offset) << offset;
        }
        let value = window + carry; // 0 ..= 32
        carry = (value + (ROW as u64 - 1)) >> WIDTH; // 1 when value > 16
        digits.push(value as i64 - ((carry as i64) << WIDTH));
    }
    digits
}

/// k·G for k as little-endian words (canonical, below q), with `table` of [`rows`] rows.
pub(crate) fn mul_base<F: MontgomeryWords>(
    table: &[Row<F>],
    words: &[u64],
    coefficients: &Coefficients<F>,
) -> Projective<F> {
    let mut acc = Projective::identity();
    for (row, digit) in table.iter().zip(signed_digits(words, table.len())) {
        let negative = ((digit >> 63) & 1) as u64;
        let magnitude = ((digit ^ -(negative as i64)) + negative as i64) as u64;
        let mut x = F::Words::default();
        let mut y = F::Words::default();
        for (j, (entry_x, entry_y)) in row.iter().enumerate() {
            let mask = equal_mask(magnitude, j as u64 + 1);
            x = masked(x, *entry_x, mask);
            y = masked(y, *entry_y, mask);
        }
        let (x, y) = (F::from_words(x), F::from_words(y));
        let y = masked_element(&y, &-y, negative.wrapping_neg());
        let sum = add_mixed(&acc, &x, &y, coefficients);
        // A zero digit adds nothing: keep acc (the sum with the all-zero entry is discarded).
        let keep = equal_mask(magnitude, 0);
        acc = Projective {
            x: masked_element(&sum.x, &acc.x, keep),
            y: masked_element(&sum.y, &acc.y, keep),
            z: masked_element(&sum.z, &acc.z, keep),
        };
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::{equal_mask, signed_digits};

    #[test]
    fn signed_digits_recompose_the_scalar_and_stay_in_range() {
        for words in [
            vec![0u64, 0],
            vec![1, 0],
            vec![u64::MAX, u64::MAX],
            vec![0x0123_4567_89ab_cdef, 0x7edc_ba98_7654_3210],
            vec![0x8421_0842_1084_2108, 0x1084_2108_4210_8421],
        ] {
            let rows = 128 / 5 + 1;
            let digits = signed_digits(&words, rows);
            assert!(digits.iter().all(|d| (-15..=16).contains(d)), "{digits:?}");
            // Σ d_i·2^(5i) modulo 2^128 (the top digits of a 128-bit value are zero).
            let value = digits.iter().enumerate().fold(0u128, |sum, (i, &d)| {
                sum.wrapping_add((i128::from(d) as u128).wrapping_shl(5 * i as u32))
            });
            let expected = u128::from(words[0]) | (u128::from(words[1]) << 64);
            assert_eq!(value, expected);
            assert!(digits[rows - 1] >= 0 && digits[rows - 1] <= 8);
        }
    }

    #[test]
    fn equal_mask_is_all_ones_exactly_on_equality() {
        for (a, b) in [
            (0u64, 0u64),
            (5, 5),
            (u64::MAX, u64::MAX),
            (0, 1),
            (16, 0),
            (1 << 63, 0),
        ] {
            assert_eq!(
                equal_mask(a, b),
                if a == b { u64::MAX } else { 0 },
                "{a} {b}"
            );
        }
    }
}
