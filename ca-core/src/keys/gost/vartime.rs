//! Verification's double-scalar multiplication z₁·G + z₂·Q in Jacobian coordinates, variable
//! time: every input (the signature, the public key, the digest) is public, so it may branch on
//! values, skip the identity, and use the cheaper incomplete formulas with their exceptions
//! (P + P, P + (−P), the identity) handled explicitly. Signing never comes here: it stays on
//! `primeorder`'s constant-time complete formulas.
//!
//! Interleaved width-w NAF (Straus): one doubling per bit for both scalars, an addition per
//! non-zero digit — from a table of odd multiples of G in affine coordinates, made once per
//! curve (mixed additions), and of Q in Jacobian coordinates, made per verification.
//! Formulas: dbl-2001-b (a = −3) and dbl-2007-bl (any a), add-2007-bl, madd-2007-bl, from the
//! Explicit-Formulas Database (Bernstein–Lange). Checked against `primeorder`'s arithmetic on
//! random scalars and points of every curve (`tests` in `curve.rs`).

use elliptic_curve::ff::Field;

/// Width of the NAF of z₁ (the base point's table holds 2^(w−2) = 32 odd multiples).
pub(crate) const BASE_WINDOW: u32 = 7;
/// Width of the NAF of z₂ (a table of 8 odd multiples of Q per verification).
const KEY_WINDOW: u32 = 5;

/// The curve's coefficient a, and whether it is −3 (faster doubling).
#[derive(Clone, Copy)]
pub(crate) struct Coefficient<F> {
    pub(crate) a: F,
    pub(crate) is_minus_three: bool,
}

impl<F: Field> Coefficient<F> {
    /// a·v.
    #[inline]
    pub(crate) fn times_a(&self, v: F) -> F {
        self.a * v
    }
}

/// A point (X : Y : Z) standing for (X/Z², Y/Z³); Z = 0 is the identity.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Jacobian<F> {
    x: F,
    y: F,
    z: F,
}

impl<F: Field> Jacobian<F> {
    fn identity() -> Self {
        Jacobian {
            x: F::ONE,
            y: F::ONE,
            z: F::ZERO,
        }
    }

    pub(crate) fn from_affine(x: F, y: F) -> Self {
        Jacobian { x, y, z: F::ONE }
    }

    pub(crate) fn is_identity(&self) -> bool {
        bool::from(self.z.is_zero())
    }

    fn negated(&self) -> Self {
        Jacobian {
            x: self.x,
            y: -self.y,
            z: self.z,
        }
    }

    /// Whether the affine x-coordinate X/Z² equals `x` (no inversion: x·Z² = X).
    pub(crate) fn has_affine_x(&self, x: &F) -> bool {
        !self.is_identity() && *x * self.z.square() == self.x
    }

    /// The affine coordinates (one inversion), `None` for the identity.
    pub(crate) fn to_affine(self) -> Option<(F, F)> {
        let z_inverse = Option::<F>::from(self.z.invert())?;
        let z_inverse_squared = z_inverse.square();
        Some((
            self.x * z_inverse_squared,
            self.y * z_inverse_squared * z_inverse,
        ))
    }

    pub(crate) fn double(&self, curve: &Coefficient<F>) -> Self {
        if self.is_identity() || bool::from(self.y.is_zero()) {
            return Self::identity();
        }
        let (x, y, z) = (self.x, self.y, self.z);
        if curve.is_minus_three {
            // dbl-2001-b: 3M + 5S.
            let delta = z.square();
            let gamma = y.square();
            let beta = x * gamma;
            let alpha = (x - delta) * (x + delta);
            let alpha = alpha.double() + alpha;
            let beta4 = beta.double().double();
            let x3 = alpha.square() - beta4.double();
            let z3 = (y + z).square() - gamma - delta;
            let y3 = alpha * (beta4 - x3) - gamma.square().double().double().double();
            Jacobian {
                x: x3,
                y: y3,
                z: z3,
            }
        } else {
            // dbl-2007-bl: 1M + 8S + 1·a.
            let xx = x.square();
            let yy = y.square();
            let yyyy = yy.square();
            let zz = z.square();
            let s = ((x + yy).square() - xx - yyyy).double();
            let m = xx.double() + xx + curve.times_a(zz.square());
            let t = m.square() - s.double();
            Jacobian {
                x: t,
                y: m * (s - t) - yyyy.double().double().double(),
                z: (y + z).square() - yy - zz,
            }
        }
    }

    /// self + other (add-2007-bl: 11M + 5S).
    pub(crate) fn add(&self, other: &Self, curve: &Coefficient<F>) -> Self {
        if self.is_identity() {
            return *other;
        }
        if other.is_identity() {
            return *self;
        }
        let z1z1 = self.z.square();
        let z2z2 = other.z.square();
        let u1 = self.x * z2z2;
        let u2 = other.x * z1z1;
        let s1 = self.y * other.z * z2z2;
        let s2 = other.y * self.z * z1z1;
        let h = u2 - u1;
        let r_half = s2 - s1;
        if bool::from(h.is_zero()) {
            return if bool::from(r_half.is_zero()) {
                self.double(curve)
            } else {
                Self::identity()
            };
        }
        let i = h.double().square();
        let j = h * i;
        let r = r_half.double();
        let v = u1 * i;
        let x3 = r.square() - j - v.double();
        Jacobian {
            x: x3,
            y: r * (v - x3) - (s1 * j).double(),
            z: ((self.z + other.z).square() - z1z1 - z2z2) * h,
        }
    }

    /// self + (x₂, y₂) (madd-2007-bl: 7M + 4S).
    fn add_affine(&self, (x2, y2): &(F, F), curve: &Coefficient<F>) -> Self {
        if self.is_identity() {
            return Self::from_affine(*x2, *y2);
        }
        let z1z1 = self.z.square();
        let u2 = *x2 * z1z1;
        let s2 = *y2 * self.z * z1z1;
        let h = u2 - self.x;
        let r_half = s2 - self.y;
        if bool::from(h.is_zero()) {
            return if bool::from(r_half.is_zero()) {
                self.double(curve)
            } else {
                Self::identity()
            };
        }
        let hh = h.square();
        let i = hh.double().double();
        let j = h * i;
        let r = r_half.double();
        let v = self.x * i;
        let x3 = r.square() - j - v.double();
        Jacobian {
            x: x3,
            y: r * (v - x3) - (self.y * j).double(),
            z: (self.z + h).square() - z1z1 - hh,
        }
    }
}

/// The width-`w` NAF of the integer with little-endian 64-bit `words`: digits odd and below
/// 2^(w−1) in absolute value, or zero, least significant first; at most one non-zero digit in
/// any w consecutive ones.
pub(crate) fn wnaf(words: &[u64], w: u32) -> Vec<i8> {
    let mut k = words.to_vec();
    k.push(0);
    let mut digits = Vec::with_capacity(64 * k.len());
    let window = 1i64 << w;
    while k.iter().any(|&word| word != 0) {
        let mut digit = 0i64;
        if k[0] & 1 == 1 {
            digit = (k[0] & (window as u64 - 1)) as i64;
            if digit >= window / 2 {
                digit -= window;
            }
            // k −= digit: a subtraction of a small positive value or an addition of one.
            if digit > 0 {
                let mut borrow = digit as u64;
                for word in k.iter_mut() {
                    let (value, underflow) = word.overflowing_sub(borrow);
                    *word = value;
                    borrow = u64::from(underflow);
                    if borrow == 0 {
                        break;
                    }
                }
            } else {
                let mut carry = (-digit) as u64;
                for word in k.iter_mut() {
                    let (value, overflow) = word.overflowing_add(carry);
                    *word = value;
                    carry = u64::from(overflow);
                    if carry == 0 {
                        break;
                    }
                }
            }
        }
        digits.push(digit as i8);
        // k >>= 1.
        for i in 0..k.len() {
            let next = k.get(i + 1).copied().unwrap_or(0);
            k[i] = (k[i] >> 1) | (next << 63);
        }
    }
    digits
}

/// P, 3P, 5P, …, (2^(w−1) − 1)·P.
pub(crate) fn odd_multiples<F: Field>(
    point: &Jacobian<F>,
    w: u32,
    curve: &Coefficient<F>,
) -> Vec<Jacobian<F>> {
    let twice = point.double(curve);
    let mut table = Vec::with_capacity(1 << (w - 2));
    table.push(*point);
    for i in 1..(1usize << (w - 2)) {
        let next = table[i - 1].add(&twice, curve);
        table.push(next);
    }
    table
}

/// z₁·G + z₂·Q, with `base_table` the affine odd multiples of G for [`BASE_WINDOW`] and the
/// scalars as little-endian words.
pub(crate) fn double_scalar_mul<F: Field>(
    base_table: &[(F, F)],
    z1: &[u64],
    q: &Jacobian<F>,
    z2: &[u64],
    curve: &Coefficient<F>,
) -> Jacobian<F> {
    let q_table = odd_multiples(q, KEY_WINDOW, curve);
    let naf1 = wnaf(z1, BASE_WINDOW);
    let naf2 = wnaf(z2, KEY_WINDOW);
    let mut acc = Jacobian::identity();
    for i in (0..naf1.len().max(naf2.len())).rev() {
        acc = acc.double(curve);
        match naf1.get(i).copied().unwrap_or(0) {
            0 => {}
            d if d > 0 => acc = acc.add_affine(&base_table[(d / 2) as usize], curve),
            d => {
                let (x, y) = base_table[(-d / 2) as usize];
                acc = acc.add_affine(&(x, -y), curve);
            }
        }
        match naf2.get(i).copied().unwrap_or(0) {
            0 => {}
            d if d > 0 => acc = acc.add(&q_table[(d / 2) as usize], curve),
            d => acc = acc.add(&q_table[(-d / 2) as usize].negated(), curve),
        }
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::wnaf;

    /// The digits recompose to the number, are odd or zero, small, and sparse.
    #[test]
    fn wnaf_digits_recompose_the_scalar() {
        for words in [
            vec![0u64],
            vec![1],
            vec![u64::MAX],
            vec![0x0123_4567_89ab_cdef, 0xfedc_ba98_7654_3210],
            vec![u64::MAX, u64::MAX, u64::MAX, u64::MAX],
        ] {
            for w in [2u32, 5, 7] {
                let digits = wnaf(&words, w);
                let mut value = vec![0i128; words.len() * 2 + 2];
                // Recompose in 32-bit chunks to stay within i128 while carrying.
                for (bit, &d) in digits.iter().enumerate() {
                    value[bit / 32] += i128::from(d) << (bit % 32);
                    assert!(d == 0 || (d % 2 != 0 && i32::from(d).abs() < 1 << (w - 1)));
                }
                let mut carry = 0i128;
                let mut chunks = Vec::new();
                for chunk in value.iter() {
                    let total = chunk + carry;
                    chunks.push((total & 0xffff_ffff) as u64);
                    carry = total >> 32;
                }
                assert_eq!(carry, 0);
                let recomposed: Vec<u64> = chunks
                    .chunks(2)
                    .map(|pair| pair[0] | (pair.get(1).copied().unwrap_or(0) << 32))
                    .collect();
                assert_eq!(&recomposed[..words.len()], &words[..], "w = {w}");
                assert!(recomposed[words.len()..].iter().all(|&x| x == 0));
                for window in digits.windows(w as usize) {
                    assert!(window.iter().filter(|&&d| d != 0).count() <= 1);
                }
            }
        }
    }
}
