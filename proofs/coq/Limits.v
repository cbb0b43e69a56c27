(* Hand-written lemmas for the limits as t -> oo (ReLU and the tropical operations): a squeeze between
   max(x, y) and max(x, y) + ln 2 / ln t for t > 1. The generated twins end with `exact` one of these. *)
From Coq Require Import Reals Lra.
From Coquelicot Require Import Coquelicot.
From Activation Require Import Activation.
Open Scope R_scope.

Lemma Rpower_pos' (t a : R) : 0 < Rpower t a.
Proof. unfold Rpower. apply exp_pos. Qed.

Lemma ln_Rpower' (t a : R) : ln (Rpower t a) = a * ln t.
Proof. unfold Rpower. apply ln_exp. Qed.

Lemma ln_pos' (t : R) : 1 < t -> 0 < ln t.
Proof. intros H. rewrite <- ln_1. apply ln_increasing; lra. Qed.

Lemma logt_sum_bounds (x y t : R) : 1 < t ->
  Rmax x y <= log_b t (Rpower t x + Rpower t y) <= Rmax x y + ln 2 / ln t.
Proof.
  intros Ht. pose proof (ln_pos' t Ht) as Hl.
  set (m := Rmax x y).
  assert (Hx : Rpower t x <= Rpower t m) by (apply Rle_Rpower; [lra | apply Rmax_l]).
  assert (Hy : Rpower t y <= Rpower t m) by (apply Rle_Rpower; [lra | apply Rmax_r]).
  pose proof (Rpower_pos' t x). pose proof (Rpower_pos' t y). pose proof (Rpower_pos' t m).
  assert (Hm : Rpower t m <= Rpower t x + Rpower t y).
  { unfold m, Rmax. destruct (Rle_dec x y); lra. }
  assert (Lo : m * ln t <= ln (Rpower t x + Rpower t y)).
  { rewrite <- ln_Rpower'. apply ln_le; lra. }
  assert (Hi : ln (Rpower t x + Rpower t y) <= ln 2 + m * ln t).
  { rewrite <- ln_Rpower', <- ln_mult by lra. apply ln_le; lra. }
  unfold log_b. split.
  - apply Rmult_le_reg_r with (ln t); [exact Hl|].
    unfold Rdiv. rewrite Rmult_assoc, Rinv_l, Rmult_1_r by lra. exact Lo.
  - apply Rmult_le_reg_r with (ln t); [exact Hl|].
    unfold Rdiv. rewrite Rmult_plus_distr_r, !Rmult_assoc, Rinv_l, !Rmult_1_r by lra. lra.
Qed.

Lemma logt_sum_lim (x y : R) :
  is_lim (fun t => log_b t (Rpower t x + Rpower t y)) p_infty (Rmax x y).
Proof.
  apply is_lim_le_le_loc with (f := fun _ => Rmax x y) (g := fun t => Rmax x y + ln 2 * / ln t).
  - exists 1. intros t Ht. apply logt_sum_bounds; exact Ht.
  - apply is_lim_const.
  - replace (Finite (Rmax x y)) with (Finite (Rmax x y + ln 2 * 0)) by (f_equal; ring).
    apply (is_lim_plus' (fun _ => Rmax x y) (fun t => ln 2 * / ln t)).
    + apply is_lim_const.
    + apply (is_lim_scal_l (fun t => / ln t) (ln 2) p_infty 0).
      replace (Finite 0) with (Rbar_inv p_infty) by reflexivity.
      apply is_lim_inv; [apply is_lim_ln_p | discriminate].
Qed.

Lemma relu_limit_part1 : forall x : R, is_lim (fun t => log_b t (1 + Rpower t x)) p_infty (Rmax 0 x).
Proof.
  intros x. apply is_lim_ext with (f := fun t => log_b t (Rpower t 0 + Rpower t x)).
  - intros t. unfold Rpower at 1. rewrite Rmult_0_l, exp_0. reflexivity.
  - apply logt_sum_lim.
Qed.

Lemma tropical_add_limit_part2 : forall x y : R,
  is_lim (fun t => log_b t (Rpower t x + Rpower t y)) p_infty (Rmax x y).
Proof. exact logt_sum_lim. Qed.

Lemma logt_prod (x y t : R) : 0 < t -> t <> 1 -> log_b t (Rpower t x * Rpower t y) = x + y.
Proof.
  intros Ht H1. assert (Hl : ln t <> 0).
  { intros H. apply H1. rewrite <- (exp_ln t Ht), H. apply exp_0. }
  unfold log_b, Rpower. rewrite <- exp_plus, ln_exp. field. exact Hl.
Qed.

Lemma tropical_mul_limit_part2 : forall x y t : R, 0 < t -> t <> 1 ->
  is_lim (fun t => log_b t (Rpower t x * Rpower t y)) p_infty (x + y).
Proof.
  intros x y _ _ _. apply is_lim_ext_loc with (f := fun _ => x + y).
  - exists 1. intros t Ht. symmetry. apply logt_prod; lra.
  - apply is_lim_const.
Qed.

Lemma tropical_mul_limit_part3 : forall x y t : R, 0 < t -> t <> 1 ->
  log_b t (Rpower t x * Rpower t y) = x + y.
Proof. intros x y t Ht H1. apply logt_prod; assumption. Qed.
