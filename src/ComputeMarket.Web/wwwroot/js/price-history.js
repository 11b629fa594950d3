// The offer page's price-history chart: a step line on a real time axis. The points come from the canvas's
// data-points attribute (t in epoch milliseconds, UTC), so the page needs no inline script (the Content-Security-Policy
// allows scripts from our own files only). The bundled Chart.js has no date adapter, so the x axis is linear in
// milliseconds and its ticks are written as dates in the display zone (China time unless configured).
(function () {
    const canvas = document.getElementById('price-history');
    if (!window.Chart || !canvas) return;
    const points = JSON.parse(canvas.dataset.points || '[]');
    if (points.length === 0) return;
    const lang = canvas.dataset.lang || document.documentElement.lang || 'zh-CN';
    const zone = canvas.dataset.zone || 'Asia/Shanghai';
    const format = (options) => {
        try {
            return new Intl.DateTimeFormat(lang, Object.assign({ timeZone: zone }, options));
        } catch (e) {
            return new Intl.DateTimeFormat(lang, Object.assign({ timeZone: 'UTC' }, options));
        }
    };
    const day = format({ year: 'numeric', month: '2-digit', day: '2-digit' });
    const minute = format({ year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
    const first = points[0].t;
    const last = points[points.length - 1].t;
    new Chart(canvas, {
        type: 'line',
        data: {
            datasets: [
                { label: canvas.dataset.inputLabel || 'Input ¥/1M', data: points.map(p => ({ x: p.t, y: p.input })), stepped: 'before', borderColor: '#233b6e', backgroundColor: '#233b6e', pointRadius: 2 },
                { label: canvas.dataset.outputLabel || 'Output ¥/1M', data: points.map(p => ({ x: p.t, y: p.output })), stepped: 'before', borderColor: '#e4572e', backgroundColor: '#e4572e', pointRadius: 2 }
            ]
        },
        options: {
            animation: false,
            maintainAspectRatio: false,
            parsing: false,
            interaction: { mode: 'nearest', axis: 'x', intersect: false },
            scales: {
                x: {
                    type: 'linear',
                    min: first,
                    max: last > first ? last : first + 86400000,
                    ticks: { maxTicksLimit: 6, callback: (value) => day.format(new Date(value)) }
                },
                y: { beginAtZero: true }
            },
            plugins: {
                tooltip: { callbacks: { title: (items) => items.length ? minute.format(new Date(items[0].parsed.x)) : '' } }
            }
        }
    });
})();
