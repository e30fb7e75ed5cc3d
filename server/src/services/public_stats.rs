//! The public statistics (README, "Statistik publik"): the dashboard's
//! counts over every region (`case_index`), with the agencies cases were
//! forwarded to, put through the shared suppression rule
//! (`netral_shared::public_stats`), and kept a while per view, so a page
//! anyone may reload costs at most one count per view and period.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use netral_shared::dashboard::{CaseQuery, Count};
use netral_shared::public_stats::{Cell, Meta, PublicStatistics, publish};
use netral_shared::regions::{ProvinceCode, RegionScope};
use netral_shared::workflow::Agency;

use crate::config;
use crate::services::{AppState, ServiceError};
use crate::store::{format_ms, now_ms};

/// Views kept at once; the filters are coarse, so a few dozen cover every
/// view people actually open, and a crawler trying dates cannot grow it.
const CACHE_ENTRIES: usize = 64;

/// A public view: only the coarse filters (province, dates), already
/// normalised, so equal views share one cache entry.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct View {
    pub province: Option<ProvinceCode>,
    /// `YYYY-MM-DD`.
    pub from: Option<String>,
    pub to: Option<String>,
}

impl View {
    /// From query pairs; any other filter is ignored, and a value that does
    /// not parse is dropped, as in the dashboard's overview.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> View {
        let q = CaseQuery::from_pairs(
            pairs
                .into_iter()
                .filter(|(k, _)| matches!(*k, "provinsi" | "dari" | "sampai")),
        );
        View {
            province: q.province,
            from: q.from,
            to: q.to,
        }
    }

    /// The view as query pairs, for links between the page and its charts.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if let Some(p) = self.province {
            out.push(("provinsi", p.to_string()));
        }
        if let Some(d) = &self.from {
            out.push(("dari", d.clone()));
        }
        if let Some(d) = &self.to {
            out.push(("sampai", d.clone()));
        }
        out
    }

    fn query(&self) -> CaseQuery {
        CaseQuery {
            province: self.province,
            from: self.from.clone(),
            to: self.to.clone(),
            ..CaseQuery::default()
        }
    }

    fn national(&self) -> View {
        View {
            province: None,
            ..self.clone()
        }
    }
}

/// The settings and the per-view cache; one per replica.
pub struct PublicStats {
    pub settings: config::PublicStatistics,
    cache: Mutex<HashMap<View, (Instant, Arc<PublicStatistics>)>>,
}

impl PublicStats {
    pub fn new(settings: config::PublicStatistics) -> PublicStats {
        PublicStats {
            settings,
            cache: Mutex::new(HashMap::new()),
        }
    }

    pub fn enabled(&self) -> bool {
        self.settings.enabled
    }

    fn ttl(&self) -> Duration {
        Duration::from_secs(self.settings.cache_seconds)
    }

    fn cached(&self, view: &View) -> Option<Arc<PublicStatistics>> {
        let cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        let (at, stats) = cache.get(view)?;
        (at.elapsed() < self.ttl()).then(|| stats.clone())
    }

    fn keep(&self, view: View, stats: Arc<PublicStatistics>) {
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        if cache.len() >= CACHE_ENTRIES && !cache.contains_key(&view) {
            let ttl = self.ttl();
            cache.retain(|_, (at, _)| at.elapsed() < ttl);
            if cache.len() >= CACHE_ENTRIES
                && let Some(oldest) = cache
                    .iter()
                    .min_by_key(|(_, (at, _))| *at)
                    .map(|(v, _)| v.clone())
            {
                cache.remove(&oldest);
            }
        }
        cache.insert(view, (Instant::now(), stats));
    }
}

/// The published statistics of a view, from the cache when they are
/// younger than the setting.
///
/// A province's view is withheld whole when that province's count is
/// withheld in the national view of the same dates: otherwise its total
/// would give back a cell the national chart hides.
pub async fn statistics(
    state: &AppState,
    view: &View,
) -> Result<Arc<PublicStatistics>, ServiceError> {
    if view.province.is_some() {
        let national = view_statistics(state, &view.national()).await?;
        let stats = view_statistics(state, view).await?;
        let key = view.province.map(|p| p.to_string());
        let shown = national
            .by_province
            .iter()
            .any(|c| Some(&c.key) == key.as_ref() && matches!(c.count, Cell::Count(_)));
        if shown {
            return Ok(stats);
        }
        return Ok(Arc::new((*stats).clone().withheld()));
    }
    view_statistics(state, view).await
}

async fn view_statistics(
    state: &AppState,
    view: &View,
) -> Result<Arc<PublicStatistics>, ServiceError> {
    let public = &state.public;
    if let Some(stats) = public.cached(view) {
        return Ok(stats);
    }
    let forwarded = state.store.forwarded_agencies().await?;
    let q = view.query();
    let (overview, ids) = {
        let bounds = crate::services::case_views::read_bounds(&q, &RegionScope::All);
        let index = crate::services::case_views::caught_up(state, bounds.as_deref()).await?;
        let today = crate::services::intake::today_in_indonesia();
        (
            index.overview(&q, &RegionScope::All, today),
            index.ids(&q, &RegionScope::All),
        )
    };
    let meta = Meta {
        title: public.settings.title.clone(),
        // Whole seconds: nothing finer is meant.
        generated_at: format_ms(now_ms() / 1000 * 1000),
        threshold: public.settings.threshold,
        from: view.from.clone(),
        to: view.to.clone(),
        province: view.province,
    };
    let stats = Arc::new(publish(&overview, &agency_counts(&ids, &forwarded), meta));
    public.keep(view.clone(), stats.clone());
    Ok(stats)
}

/// Cases per agency among `ids`, in the catalogue's order; a code the
/// catalogue no longer has is left out.
fn agency_counts(ids: &[i64], forwarded: &[(i64, String)]) -> Vec<Count> {
    let ids: HashSet<i64> = ids.iter().copied().collect();
    let mut n: HashMap<Agency, u64> = HashMap::new();
    for (case, code) in forwarded {
        if ids.contains(case)
            && let Some(a) = Agency::from_code(code)
        {
            *n.entry(a).or_default() += 1;
        }
    }
    Agency::ALL
        .iter()
        .filter_map(|a| {
            n.get(a).map(|n| Count {
                key: a.code().to_owned(),
                n: *n,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_keeps_only_the_coarse_filters() {
        let v = View::from_pairs([
            ("provinsi", "35"),
            ("kabkota", "35.78"),
            ("cari", "ahmad"),
            ("dari", "2024-11-01"),
            ("sampai", "bukan tanggal"),
            ("pelanggaran", "medsos_foto"),
        ]);
        assert_eq!(
            v,
            View {
                province: ProvinceCode::parse("35").ok(),
                from: Some("2024-11-01".into()),
                to: None,
            }
        );
        assert_eq!(
            v.pairs(),
            vec![("provinsi", "35".into()), ("dari", "2024-11-01".into())]
        );
        assert_eq!(View::from_pairs([("provinsi", "99")]), View::default());
    }

    #[test]
    fn agencies_count_cases_of_the_view_once() {
        let forwarded = vec![
            (1, "bkn".to_owned()),
            (1, "bawaslu_kabkota".to_owned()),
            (2, "bawaslu_kabkota".to_owned()),
            (3, "bawaslu_kabkota".to_owned()),
            (2, "kasn".to_owned()),
        ];
        let counts = agency_counts(&[1, 2], &forwarded);
        let got: Vec<(&str, u64)> = counts.iter().map(|c| (c.key.as_str(), c.n)).collect();
        assert_eq!(got, vec![("bawaslu_kabkota", 2), ("bkn", 1)]);
    }
}
