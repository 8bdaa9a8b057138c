/** "Temps total": per activity and overall, today / ISO week / month / year. */
import { formatMinutes } from '@itercraft/shared/maintenance/format';
import type { MaintenanceTotals } from '@itercraft/shared/maintenance/totals';

export function TotalsTable({ totals }: { totals: MaintenanceTotals }) {
  return (
    <section aria-labelledby="entretien-totals-title" className="entretien-totals">
      <h2 id="entretien-totals-title">Temps total</h2>
      <div className="table-scroll">
        <table aria-labelledby="entretien-totals-title">
          <thead>
            <tr>
              <th scope="col">Activité</th>
              <th scope="col">Jour</th>
              <th scope="col">Semaine</th>
              <th scope="col">Mois</th>
              <th scope="col">Année</th>
            </tr>
          </thead>
          <tbody>
            {totals.byActivity.map((row) => (
              <tr key={row.serviceId}>
                <th scope="row">{row.serviceLabel}</th>
                <td>{formatMinutes(row.todayMinutes)}</td>
                <td>{formatMinutes(row.weekMinutes)}</td>
                <td>{formatMinutes(row.monthMinutes)}</td>
                <td>{formatMinutes(row.yearMinutes)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="entretien-total-row">
              <th scope="row">Total</th>
              <td>{formatMinutes(totals.todayMinutes)}</td>
              <td>{formatMinutes(totals.weekMinutes)}</td>
              <td>{formatMinutes(totals.monthMinutes)}</td>
              <td>{formatMinutes(totals.yearMinutes)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}
