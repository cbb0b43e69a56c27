(* Hand-written lemmas for the rates beyond the article: for t > 1, log_t(t^x + t^y) - max(x, y) lies in
   (0, log_t 2], and below log_t 2 unless x = y (relu-limit-rate is the case y = 0). *)
From Coq Require Import Reals Lra.
From Coquelicot Require Import Coquelicot.
From Activation Require Import Activation.
From Proofs Require Import Limits.
Open Scope R_scope.

Lemma Rpower_0' (t : R) : Rpower t 0 = 1.
Proof. unfold Rpower. rewrite Rmult_0_l. apply exp_0. Qed.

Lemma logt_lower_strict (x y t : R) : 1 < t -> Rmax x y < log_b t (Rpower t x + Rpower t y).
Proof.
  intros Ht. pose proof (ln_pos' t Ht) as Hl.
  pose proof (Rpower_pos' t x). pose proof (Rpower_pos' t y).
  assert (Hm : Rpower t (Rmax x y) < Rpower t x + Rpower t y) by (unfold Rmax; destruct (Rle_dec x y); lra).
  assert (Lo : Rmax x y * ln t < ln (Rpower t x + Rpower t y)).
  { rewrite <- ln_Rpower'. apply ln_increasing; [apply Rpower_pos' | exact Hm]. }
  unfold log_b. apply Rmult_lt_reg_r with (ln t); [exact Hl|].
  replace (ln (Rpower t x + Rpower t y) / ln t * ln t) with (ln (Rpower t x + Rpower t y)) by (field; lra).
  exact Lo.
Qed.

Lemma logt_upper_strict (x y t : R) : 1 < t -> x <> y -> log_b t (Rpower t x + Rpower t y) < Rmax x y + log_b t 2.
Proof.
  intros Ht Hne. pose proof (ln_pos' t Ht) as Hl.
  pose proof (Rpower_pos' t x). pose proof (Rpower_pos' t y). pose proof (Rpower_pos' t (Rmax x y)).
  assert (Hm : Rpower t x + Rpower t y < 2 * Rpower t (Rmax x y)).
  { unfold Rmax. destruct (Rle_dec x y) as [Hle|Hle].
    - assert (Rpower t x < Rpower t y) by (apply Rpower_lt; lra). lra.
    - assert (Rpower t y < Rpower t x) by (apply Rpower_lt; lra). lra. }
  assert (Hi : ln (Rpower t x + Rpower t y) < ln 2 + Rmax x y * ln t).
  { rewrite <- ln_Rpower', <- ln_mult by lra. apply ln_increasing; lra. }
  unfold log_b. apply Rmult_lt_reg_r with (ln t); [exact Hl|].
  replace (ln (Rpower t x + Rpower t y) / ln t * ln t) with (ln (Rpower t x + Rpower t y)) by (field; lra).
  replace ((Rmax x y + ln 2 / ln t) * ln t) with (ln 2 + Rmax x y * ln t) by (field; lra).
  exact Hi.
Qed.

Lemma logt_upper (x y t : R) : 1 < t -> log_b t (Rpower t x + Rpower t y) <= Rmax x y + log_b t 2.
Proof. intros Ht. destruct (logt_sum_bounds x y t Ht) as [_ H]. unfold log_b at 2. exact H. Qed.

Lemma logt_twice (y t : R) : 1 < t -> log_b t (Rpower t y + Rpower t y) = y + log_b t 2.
Proof.
  intros Ht. pose proof (ln_pos' t Ht) as Hl. pose proof (Rpower_pos' t y).
  unfold log_b. replace (Rpower t y + Rpower t y) with (2 * Rpower t y) by ring.
  rewrite ln_mult, ln_Rpower' by lra. field. lra.
Qed.

Lemma tropical_add_rate_part1 : forall (x : R) (y : R) (t : R), 0 < t -> t > 1 -> 0 < -Rmax x y + log_b t (Rpower t x + Rpower t y).
Proof. intros x y t _ Ht. pose proof (logt_lower_strict x y t Ht). lra. Qed.

Lemma tropical_add_rate_part2 : forall (x : R) (y : R) (t : R), 0 < t -> t > 1 -> -Rmax x y + log_b t (Rpower t x + Rpower t y) <= log_b t 2.
Proof. intros x y t _ Ht. pose proof (logt_upper x y t Ht). lra. Qed.

Lemma tropical_add_rate_part3 : forall (x : R) (y : R) (t : R), 0 < t -> t > 1 -> -y + log_b t (Rpower t y + Rpower t y) = log_b t 2.
Proof. intros x y t _ Ht. rewrite (logt_twice y t Ht). ring. Qed.

Lemma tropical_add_rate_part4 : forall (x : R) (y : R) (t : R), 0 < t -> t > 1 -> (x <> y) -> -Rmax x y + log_b t (Rpower t x + Rpower t y) < log_b t 2.
Proof. intros x y t _ Ht Hne. pose proof (logt_upper_strict x y t Ht Hne). lra. Qed.

Lemma relu_limit_rate_part1 : forall (x : R) (t : R), 0 < t -> t > 1 -> 0 < -Rmax 0 x + log_b t (1 + Rpower t x).
Proof. intros x t _ Ht. pose proof (logt_lower_strict 0 x t Ht) as H. rewrite Rpower_0' in H. lra. Qed.

Lemma relu_limit_rate_part2 : forall (x : R) (t : R), 0 < t -> t > 1 -> -Rmax 0 x + log_b t (1 + Rpower t x) <= log_b t 2.
Proof. intros x t _ Ht. pose proof (logt_upper 0 x t Ht) as H. rewrite Rpower_0' in H. lra. Qed.

Lemma relu_limit_rate_part3 : forall (x : R) (t : R), 0 < t -> t > 1 -> log_b t (1 + t ^ 0) = log_b t 2.
Proof. intros x t _ _. unfold log_b. simpl. replace (1 + 1) with 2 by ring. reflexivity. Qed.

Lemma relu_limit_rate_part4 : forall (x : R) (t : R), 0 < t -> t > 1 -> (x <> 0) -> -Rmax 0 x + log_b t (1 + Rpower t x) < log_b t 2.
Proof. intros x t _ Ht Hne. pose proof (logt_upper_strict 0 x t Ht (not_eq_sym Hne)) as H. rewrite Rpower_0' in H. lra. Qed.
