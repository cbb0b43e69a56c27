(* Hand-written lemmas for softplus with a temperature: (1/b) ln(1 + e^{b x}) is log_t(1 + t^x) at
   t = e^b, so its rate and its limit as b -> oo follow from those of log_t (Rates.v, Limits.v). *)
From Coq Require Import Reals Lra.
From Coquelicot Require Import Coquelicot.
From Activation Require Import Activation.
From Proofs Require Import Limits Rates.
Open Scope R_scope.

Lemma beta_as_logt (x b : R) : ln (1 + exp (x * b)) / b = log_b (exp b) (1 + Rpower (exp b) x).
Proof. unfold log_b, Rpower. rewrite !ln_exp. reflexivity. Qed.

Lemma ln2_as_logt (b : R) : ln 2 / b = log_b (exp b) 2.
Proof. unfold log_b. rewrite ln_exp. reflexivity. Qed.

Lemma exp_gt_1' (b : R) : 0 < b -> exp b > 1.
Proof. intros Hb. rewrite <- exp_0. apply exp_increasing. exact Hb. Qed.

Lemma softplus_beta_rate_part1 : forall (x : R) (beta : R), 0 < beta -> 0 < -Rmax 0 x + ln (1 + exp (x*beta))/beta.
Proof. intros x b Hb. rewrite beta_as_logt. apply (relu_limit_rate_part1 x (exp b)); [apply exp_pos | apply exp_gt_1', Hb]. Qed.

Lemma softplus_beta_rate_part2 : forall (x : R) (beta : R), 0 < beta -> -Rmax 0 x + ln (1 + exp (x*beta))/beta <= ln 2/beta.
Proof. intros x b Hb. rewrite beta_as_logt, ln2_as_logt. apply (relu_limit_rate_part2 x (exp b)); [apply exp_pos | apply exp_gt_1', Hb]. Qed.

Lemma softplus_beta_rate_part3 : forall (x : R) (beta : R), 0 < beta -> ln (1 + exp 0)/beta = ln 2/beta.
Proof. intros x b _. rewrite exp_0. replace (1 + 1) with 2 by ring. reflexivity. Qed.

Lemma softplus_beta_rate_part4 : forall (x : R) (beta : R), 0 < beta -> (x <> 0) -> -Rmax 0 x + ln (1 + exp (x*beta))/beta < ln 2/beta.
Proof. intros x b Hb Hx. rewrite beta_as_logt, ln2_as_logt. apply (relu_limit_rate_part4 x (exp b)); [apply exp_pos | apply exp_gt_1', Hb | exact Hx]. Qed.

Lemma softplus_beta_limit_part1 : forall (x : R), is_lim (fun beta => ln (1 + exp (x*beta))/beta) p_infty (Finite (Rmax 0 x)).
Proof.
  intros x. apply is_lim_ext with (f := fun b => log_b (exp b) (1 + Rpower (exp b) x)).
  - intros b. symmetry. apply beta_as_logt.
  - apply (is_lim_comp (fun t => log_b t (1 + Rpower t x)) exp p_infty (Rmax 0 x) p_infty).
    + apply relu_limit_part1.
    + apply is_lim_exp_p.
    + exists 0. intros y _. discriminate.
Qed.
